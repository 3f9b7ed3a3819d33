-- Failed sign-in counters, one row per key (`account:<email>`, `ip:<address>`), counted in a
-- fixed window that starts at the first failure. The limits are decided by the caller.

create table identity.login_throttles (
  key text primary key constraint login_throttles_key_check check (char_length(key) between 3 and 300),
  failures integer not null constraint login_throttles_failures_check check (failures > 0),
  window_ends_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index login_throttles_window_ends_at_idx on identity.login_throttles (window_ends_at);

-- Counts a failure against each key and returns the counters after it.
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
    insert into identity.login_throttles as t (key, failures, window_ends_at)
    select distinct k, 1, now() + make_interval(secs => p_window_seconds)
      from unnest(p_keys) as k
    on conflict (key) do update
       set failures = case when t.window_ends_at <= now() then 1 else t.failures + 1 end,
           window_ends_at = case when t.window_ends_at <= now() then excluded.window_ends_at else t.window_ends_at end,
           updated_at = now()
    returning t.key, t.failures, t.window_ends_at;
end;
$$;
