-- Sessions and their refresh tokens. A session lives as long as its chain of refresh tokens:
-- each refresh rotates the token; presenting a rotated token again revokes the whole session.

create table identity.sessions (
  id uuid primary key default identity.uuid_v7(),
  user_id uuid not null references identity.users (id) on delete cascade,
  status text not null default 'active' constraint sessions_status_check check (status in ('active', 'revoked')),
  revoked_reason text
    constraint sessions_revoked_reason_check check (revoked_reason in ('logout', 'token_reuse', 'account_deleted')),
  client_ip inet,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  revoked_at timestamptz,
  constraint sessions_revoked_check check ((status = 'revoked') = (revoked_at is not null and revoked_reason is not null))
);

-- A user's sessions, keyset-paginated; also serves "revoke every session of this user".
create index sessions_user_created_at_id_idx on identity.sessions (user_id, created_at, id);

create table identity.refresh_tokens (
  id uuid primary key default identity.uuid_v7(),
  session_id uuid not null references identity.sessions (id) on delete cascade,
  -- sha256 of the token; the token itself is never stored.
  token_hash bytea not null constraint refresh_tokens_hash_key unique
    constraint refresh_tokens_hash_length check (octet_length(token_hash) = 32),
  status text not null default 'active'
    constraint refresh_tokens_status_check check (status in ('active', 'rotated', 'revoked')),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint refresh_tokens_expiry_check check (expires_at > created_at)
);

create index refresh_tokens_session_created_at_id_idx on identity.refresh_tokens (session_id, created_at, id);
