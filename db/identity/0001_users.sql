-- Users and their profiles, and their password credentials.

create table identity.users (
  id uuid primary key default identity.uuid_v7(),
  -- Lower-cased by the caller (contracts' email schema); null once the account is deleted.
  email text constraint users_email_key unique
    constraint users_email_lower check (email = lower(email) and char_length(email) between 3 and 254),
  status text not null default 'active' constraint users_status_check check (status in ('active', 'deleted')),
  display_name text not null constraint users_display_name_check check (char_length(display_name) between 1 and 100),
  avatar_file_id uuid,
  contact jsonb not null default '{}' constraint users_contact_object check (jsonb_typeof(contact) = 'object'),
  emergency jsonb not null default '{}' constraint users_emergency_object check (jsonb_typeof(emergency) = 'object'),
  preferences jsonb not null default '{}'
    constraint users_preferences_object check (jsonb_typeof(preferences) = 'object' and octet_length(preferences::text) <= 131072),
  -- { <shareable field>: private | villagers | public }; fields missing here take the contract's default.
  sharing jsonb not null default '{}' constraint users_sharing_object check (jsonb_typeof(sharing) = 'object'),
  -- The app's extension field. The API allows 64 KiB of compact JSON; jsonb's text form is wider.
  data jsonb not null default '{}'
    constraint users_data_object check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 131072),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint users_deleted_check check ((status = 'deleted') = (deleted_at is not null)),
  constraint users_active_email_check check (status = 'deleted' or email is not null)
);

-- Keyset pagination of users (directories, admin lists).
create index users_created_at_id_idx on identity.users (created_at, id);

-- One password credential per user; erased with the account.
create table identity.credentials (
  id uuid primary key default identity.uuid_v7(),
  user_id uuid not null constraint credentials_user_key unique
    references identity.users (id) on delete cascade,
  password_hash text not null constraint credentials_argon2id check (password_hash like '$argon2id$%'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
