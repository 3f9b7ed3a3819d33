-- Metadata documents: JSON by scope and key, versioned for optimistic concurrency (ETag = version).
-- Scopes as stored: 'app', 'village:<uuid>', 'user:<uuid>'.

create table identity.metadata_documents (
  id uuid primary key default identity.uuid_v7(),
  scope text not null constraint metadata_documents_scope_check
    check (scope = 'app' or scope ~ '^(village|user):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  key text not null constraint metadata_documents_key_check check (key ~ '^[a-z0-9][a-z0-9_.-]{0,127}$'),
  version integer not null default 1 constraint metadata_documents_version_check check (version > 0),
  value jsonb not null constraint metadata_documents_value_size check (octet_length(value::text) <= 524288),
  updated_by uuid references identity.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint metadata_documents_scope_key unique (scope, key)
);

-- One document by its address; undefined (no row) when it does not exist.
create or replace function identity.get_metadata(p_scope text, p_key text)
returns setof identity.metadata_documents
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select * from identity.metadata_documents where scope = p_scope and key = p_key;
$$;
