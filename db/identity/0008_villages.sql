-- Villages and their memberships.

create table identity.villages (
  id uuid primary key default identity.uuid_v7(),
  name text not null constraint villages_name_check check (char_length(name) between 1 and 120),
  description text not null default '' constraint villages_description_check check (char_length(description) <= 2000),
  visibility text not null constraint villages_visibility_check check (visibility in ('public', 'private')),
  -- Declared by the app in metadata `app/villages` (its key there); null for villages users create.
  fixed_key text constraint villages_fixed_key_key unique,
  -- New accounts join it as `member` at signup (fixed villages only).
  auto_join boolean not null default false
    constraint villages_auto_join_check check (not auto_join or fixed_key is not null),
  -- Maintained by the membership functions (one row update per join/leave) so lists never count.
  member_count integer not null default 0 constraint villages_member_count_check check (member_count >= 0),
  data jsonb not null default '{}'
    constraint villages_data_object check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 131072),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table identity.memberships (
  village_id uuid not null references identity.villages (id) on delete cascade,
  user_id uuid not null references identity.users (id) on delete cascade,
  role text not null constraint memberships_role_check check (role ~ '^[A-Za-z][A-Za-z0-9_-]{0,63}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint memberships_pkey primary key (village_id, user_id)
);
