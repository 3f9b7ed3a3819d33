-- Accounts and sessions: signup, login, refresh-token rotation and logout, one call each.

-- The result row of every session function: what happened, the session, and the user's profile
-- (all null when the outcome carries no user).
create or replace function identity.session_result(p_outcome text, p_session_id uuid, p_user_id uuid)
returns table (
  outcome text, session_id uuid,
  id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb,
  preferences jsonb, sharing jsonb, data jsonb, created_at timestamptz, updated_at timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select p_outcome, p_session_id,
         u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
         u.preferences, u.sharing, u.data, u.created_at, u.updated_at
    from (select 1) as one
    left join identity.users u on u.id = p_user_id;
$$;

-- A new session with its first refresh token.
create or replace function identity.open_session(
  p_user_id uuid, p_refresh_token_hash bytea, p_refresh_token_ttl_seconds integer, p_client_ip inet
) returns uuid
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_session_id uuid;
begin
  insert into identity.sessions (user_id, client_ip) values (p_user_id, p_client_ip)
  returning id into v_session_id;
  insert into identity.refresh_tokens (session_id, token_hash, expires_at)
  values (v_session_id, p_refresh_token_hash, now() + make_interval(secs => p_refresh_token_ttl_seconds));
  return v_session_id;
end;
$$;

-- Revokes a session and its live refresh tokens. Idempotent.
create or replace function identity.end_session(p_session_id uuid, p_reason text) returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  update identity.sessions
     set status = 'revoked', revoked_reason = p_reason, revoked_at = now(), updated_at = now()
   where id = p_session_id and status = 'active';
  update identity.refresh_tokens
     set status = 'revoked', updated_at = now()
   where session_id = p_session_id and status = 'active';
$$;

-- Signup: the user, the password credential, the first session and its refresh token, and the
-- user.registered event, in one transaction.
create or replace function identity.create_account(
  p_email text,
  p_display_name text,
  p_password_hash text,
  p_sharing jsonb,
  p_refresh_token_hash bytea,
  p_refresh_token_ttl_seconds integer,
  p_client_ip inet default null
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
  v_user identity.users;
  v_session_id uuid;
begin
  insert into identity.users as u (email, display_name, sharing)
  values (p_email, p_display_name, coalesce(p_sharing, '{}'))
  on conflict (email) do nothing
  returning u.* into v_user;
  if v_user.id is null then
    raise exception using errcode = '23505', message = 'email_taken', detail = 'An account with this email already exists';
  end if;

  insert into identity.credentials (user_id, password_hash) values (v_user.id, p_password_hash);
  v_session_id := identity.open_session(v_user.id, p_refresh_token_hash, p_refresh_token_ttl_seconds, p_client_ip);

  perform identity.emit_event('identity.user.registered', 1, null, v_user.id,
    jsonb_build_object('userId', v_user.id, 'email', v_user.email, 'displayName', v_user.display_name));

  return query select * from identity.session_result('created', v_session_id, v_user.id);
end;
$$;

-- Login, before the password is verified: the account's credential (nulls for an unknown or
-- deleted account) and the live failure counters of the account key and the IP key.
create or replace function identity.find_login(p_email text, p_account_key text, p_ip_key text default null)
returns table (
  user_id uuid, password_hash text,
  account_failures integer, account_window_ends_at timestamptz,
  ip_failures integer, ip_window_ends_at timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select u.id, c.password_hash,
         coalesce(a.failures, 0), a.window_ends_at,
         coalesce(i.failures, 0), i.window_ends_at
    from (select 1) as one
    left join identity.users u on u.email = p_email and u.status = 'active'
    left join identity.credentials c on c.user_id = u.id
    left join identity.login_throttles a on a.key = p_account_key and a.window_ends_at > now()
    left join identity.login_throttles i on i.key = p_ip_key and i.window_ends_at > now();
$$;

-- Login, once the password is verified: a new session, and the account's failure counter cleared.
create or replace function identity.create_session(
  p_user_id uuid,
  p_refresh_token_hash bytea,
  p_refresh_token_ttl_seconds integer,
  p_client_ip inet default null,
  p_clear_throttle_key text default null
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
  if p_clear_throttle_key is not null then
    delete from identity.login_throttles t where t.key = p_clear_throttle_key;
  end if;

  return query select * from identity.session_result('created', v_session_id, p_user_id);
end;
$$;

-- Refresh: rotates an active token into a new one in the same session. Presenting a rotated
-- token again means it was copied: the whole session is revoked. Outcomes are returned, not
-- raised, since raising would roll the revocation back:
--   rotated | unknown | expired | revoked | reused
create or replace function identity.rotate_refresh_token(
  p_refresh_token_hash bytea,
  p_new_refresh_token_hash bytea,
  p_refresh_token_ttl_seconds integer
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
  v_token_id uuid;
  v_token_status text;
  v_expires_at timestamptz;
  v_session_id uuid;
  v_session_status text;
  v_user_id uuid;
  v_user_status text;
begin
  -- Locks the token and its session: two refreshes with one token are serialised, so exactly
  -- one of them rotates and the other sees a rotated token.
  select t.id, t.status, t.expires_at, s.id, s.status, u.id, u.status
    into v_token_id, v_token_status, v_expires_at, v_session_id, v_session_status, v_user_id, v_user_status
    from identity.refresh_tokens t
    join identity.sessions s on s.id = t.session_id
    join identity.users u on u.id = s.user_id
   where t.token_hash = p_refresh_token_hash
   for update of t, s;

  if not found then
    return query select * from identity.session_result('unknown', null, null);
    return;
  end if;

  if v_token_status = 'rotated' then
    perform identity.end_session(v_session_id, 'token_reuse');
    return query select * from identity.session_result('reused', v_session_id, null);
    return;
  end if;

  if v_token_status = 'revoked' or v_session_status <> 'active' or v_user_status <> 'active' then
    return query select * from identity.session_result('revoked', v_session_id, null);
    return;
  end if;

  if v_expires_at <= now() then
    return query select * from identity.session_result('expired', v_session_id, null);
    return;
  end if;

  update identity.refresh_tokens t set status = 'rotated', updated_at = now() where t.id = v_token_id;
  insert into identity.refresh_tokens (session_id, token_hash, expires_at)
  values (v_session_id, p_new_refresh_token_hash, now() + make_interval(secs => p_refresh_token_ttl_seconds));
  update identity.sessions s set last_used_at = now(), updated_at = now() where s.id = v_session_id;

  return query select * from identity.session_result('rotated', v_session_id, v_user_id);
end;
$$;

-- Logout: revokes the session of any token it issued. Idempotent; an unknown token is a no-op.
create or replace function identity.revoke_session(p_refresh_token_hash bytea)
returns table (session_id uuid)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_session_id uuid;
begin
  select t.session_id into v_session_id from identity.refresh_tokens t where t.token_hash = p_refresh_token_hash;
  if not found then
    return;
  end if;
  perform identity.end_session(v_session_id, 'logout');
  return query select v_session_id;
end;
$$;
