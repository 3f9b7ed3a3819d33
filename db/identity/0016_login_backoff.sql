-- Sign-in throttling by (account, address) pair with backoff. Besides `account:<email>` and
-- `ip:<address>`, failures are counted per `pair:<address>|<email>`, and each counter remembers
-- when its last failure was, from which the caller's policy computes a backoff. The rule itself
-- (limits, backoff) is decided in TypeScript (login-throttle.policy.ts).

alter table identity.login_throttles
  add column last_failure_at timestamptz not null default now();

-- A pair key holds an address (up to 45 characters for IPv6) and an email (up to 254).
alter table identity.login_throttles drop constraint login_throttles_key_check;
alter table identity.login_throttles
  add constraint login_throttles_key_check check (char_length(key) between 3 and 320);

-- Counts a failure against each key (in a fixed window that starts at its first failure) and
-- returns the counters after it.
create or replace function identity.record_login_failure(p_keys text[], p_window_seconds integer)
returns table (key text, failures integer, window_ends_at timestamptz)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if p_window_seconds is null or p_window_seconds < 1 then
    raise exception using errcode = '22023', message = 'invalid', detail = 'p_window_seconds must be positive';
  end if;

  -- Bounded clean-up of windows long over, so the table holds only live counters.
  delete from identity.login_throttles t
   where t.key in (select o.key from identity.login_throttles o
                    where o.window_ends_at < now() - interval '1 hour'
                    order by o.window_ends_at limit 100
                    for update skip locked);

  return query
    insert into identity.login_throttles as t (key, failures, window_ends_at, last_failure_at)
    select distinct k, 1, now() + make_interval(secs => p_window_seconds), now()
      from unnest(p_keys) as k
    on conflict (key) do update
       set failures = case when t.window_ends_at <= now() then 1 else t.failures + 1 end,
           window_ends_at = case when t.window_ends_at <= now() then excluded.window_ends_at else t.window_ends_at end,
           last_failure_at = now(),
           updated_at = now()
    returning t.key, t.failures, t.window_ends_at;
end;
$$;

drop function identity.find_login(text, text, text);

-- Login, before the password is verified: the account's credential (nulls for an unknown or
-- deleted account) and the live counters of the account, the address and the pair (failures,
-- the end of their window and their last failure; zero and nulls when there is none).
create function identity.find_login(
  p_email text, p_account_key text, p_pair_key text, p_ip_key text default null
) returns table (
  user_id uuid, password_hash text,
  account_failures integer, account_window_ends_at timestamptz, account_last_failure_at timestamptz,
  pair_failures integer, pair_window_ends_at timestamptz, pair_last_failure_at timestamptz,
  ip_failures integer, ip_window_ends_at timestamptz, ip_last_failure_at timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select u.id, c.password_hash,
         coalesce(a.failures, 0), a.window_ends_at, a.last_failure_at,
         coalesce(p.failures, 0), p.window_ends_at, p.last_failure_at,
         coalesce(i.failures, 0), i.window_ends_at, i.last_failure_at
    from (select 1) as one
    left join identity.users u on u.email = p_email and u.status = 'active'
    left join identity.credentials c on c.user_id = u.id
    left join identity.login_throttles a on a.key = p_account_key and a.window_ends_at > now()
    left join identity.login_throttles p on p.key = p_pair_key and p.window_ends_at > now()
    left join identity.login_throttles i on i.key = p_ip_key and i.window_ends_at > now();
$$;

drop function identity.create_session(uuid, bytea, integer, inet, text);

-- Login, once the password is verified: a new session, and the given failure counters cleared
-- (the account's and its pair's, not the address's).
create function identity.create_session(
  p_user_id uuid,
  p_refresh_token_hash bytea,
  p_refresh_token_ttl_seconds integer,
  p_client_ip inet default null,
  p_clear_throttle_keys text[] default '{}'
) returns table (
  outcome text, session_id uuid,
  id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb,
  preferences jsonb, sharing jsonb, data jsonb, created_at timestamptz, updated_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_session_id uuid;
begin
  -- The account may have been deleted while its password was being verified.
  perform 1 from identity.users u where u.id = p_user_id and u.status = 'active' for share;
  if not found then
    raise exception using errcode = 'P0002', message = 'invalid_credentials', detail = 'The account is gone';
  end if;

  v_session_id := identity.open_session(p_user_id, p_refresh_token_hash, p_refresh_token_ttl_seconds, p_client_ip);
  delete from identity.login_throttles t where t.key = any (coalesce(p_clear_throttle_keys, '{}'));

  return query select * from identity.session_result('created', v_session_id, p_user_id);
end;
$$;
