-- Keys that sign access tokens (EdDSA / Ed25519). The newest key whose not_after is still ahead
-- signs; every key stays in the JWKS until its expires_at, so tokens it signed keep verifying.

create table identity.signing_keys (
  id uuid primary key default identity.uuid_v7(),
  kid text not null constraint signing_keys_kid_key unique
    constraint signing_keys_kid_check check (char_length(kid) between 8 and 64),
  alg text not null constraint signing_keys_alg_check check (alg = 'EdDSA'),
  public_jwk jsonb not null constraint signing_keys_public_jwk_check check (jsonb_typeof(public_jwk) = 'object'),
  private_jwk jsonb not null constraint signing_keys_private_jwk_check check (private_jwk ? 'd'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- When it stops signing.
  not_after timestamptz not null,
  -- When it leaves the JWKS (not_after + access token lifetime + margin).
  expires_at timestamptz not null,
  constraint signing_keys_window_check check (not_after > created_at and expires_at >= not_after)
);

create index signing_keys_not_after_idx on identity.signing_keys (not_after);
create index signing_keys_expires_at_idx on identity.signing_keys (expires_at);

-- The key that signs now; when there is none (first start, or the current one reached not_after),
-- the caller's candidate becomes it. The transaction-scoped advisory lock makes replicas that
-- check at the same moment agree on one key instead of each inserting its own.
create or replace function identity.ensure_signing_key(
  p_kid text,
  p_alg text,
  p_public_jwk jsonb,
  p_private_jwk jsonb,
  p_sign_seconds integer,
  p_verify_seconds integer
) returns table (kid text, alg text, private_jwk jsonb, created_at timestamptz, not_after timestamptz)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  perform pg_advisory_xact_lock(hashtextextended('identity.signing_keys', 0));

  -- Keys out of the JWKS verify nothing any more: drop their private halves.
  delete from identity.signing_keys k where k.expires_at < now();

  return query
    select k.kid, k.alg, k.private_jwk, k.created_at, k.not_after
      from identity.signing_keys k
     where k.not_after > now()
     order by k.created_at desc, k.id desc
     limit 1;
  if found then
    return;
  end if;

  return query
    insert into identity.signing_keys as k (kid, alg, public_jwk, private_jwk, not_after, expires_at)
    values (p_kid, p_alg, p_public_jwk, p_private_jwk,
            now() + make_interval(secs => p_sign_seconds),
            now() + make_interval(secs => p_sign_seconds + p_verify_seconds))
    returning k.kid, k.alg, k.private_jwk, k.created_at, k.not_after;
end;
$$;

-- Public keys of every key still in the JWKS, newest first.
create or replace function identity.list_verification_keys()
returns table (kid text, alg text, public_jwk jsonb, not_after timestamptz, expires_at timestamptz)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select k.kid, k.alg, k.public_jwk, k.not_after, k.expires_at
    from identity.signing_keys k
   where k.expires_at > now()
   order by k.created_at desc, k.id desc;
$$;
