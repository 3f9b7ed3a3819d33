-- Idempotency keys: the first answer of a command sent with an `Idempotency-Key`, per actor and key.
-- The key is claimed, the command's own writes made and its answer stored in ONE transaction, so a
-- retry either finds the stored answer or finds nothing done (the first attempt rolled back).

create table {{schema}}.idempotency_keys (
  user_id uuid not null,
  key text not null constraint idempotency_keys_key_check check (char_length(key) between 1 and 255),
  -- sha-256 of the command and its canonical request: the same key with another request is refused.
  fingerprint text not null constraint idempotency_keys_fingerprint_check check (char_length(fingerprint) = 64),
  response jsonb,
  created_at timestamptz not null default clock_timestamp(),
  primary key (user_id, key)
);

create index idempotency_keys_created_at_idx on {{schema}}.idempotency_keys (created_at);

-- Claims the key for this transaction: no row when claimed (run the command), else the earlier
-- claim's fingerprint and answer. A concurrent claim of the same key waits here for the first
-- transaction's end: after its commit it finds the stored answer, after its rollback it claims.
create or replace function {{schema}}.claim_idempotency_key(
  p_user_id uuid, p_key text, p_fingerprint text, p_ttl_seconds integer
) returns table (fingerprint text, response jsonb)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  -- A key past its lifetime is free again.
  delete from {{schema}}.idempotency_keys k
   where k.user_id = p_user_id and k.key = p_key
     and k.created_at < clock_timestamp() - make_interval(secs => p_ttl_seconds);
  insert into {{schema}}.idempotency_keys (user_id, key, fingerprint)
  values (p_user_id, p_key, p_fingerprint)
  on conflict do nothing;
  if found then
    return;
  end if;
  return query
    select k.fingerprint, k.response from {{schema}}.idempotency_keys k
     where k.user_id = p_user_id and k.key = p_key;
end;
$$;

create or replace function {{schema}}.complete_idempotency_key(p_user_id uuid, p_key text, p_response jsonb)
returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  update {{schema}}.idempotency_keys set response = p_response where user_id = p_user_id and key = p_key;
$$;

create or replace function {{schema}}.purge_idempotency_keys(p_created_before timestamptz) returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with gone as (
    delete from {{schema}}.idempotency_keys where created_at < p_created_before returning 1)
  select count(*)::integer from gone;
$$;
