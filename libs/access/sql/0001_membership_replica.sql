-- Membership replica (libs/access), installed in the schema of each service that checks village
-- access ({{schema}} is replaced by the runner). Fed by identity's events; a read-through answer
-- fills a gap until the event arrives.
--
-- Ordering: every row remembers the `occurredAt` of the last identity event applied to it
-- (`version_at`, with that event's id). An event older than that is ignored, so a redelivery or an
-- out-of-order delivery cannot undo a newer change; on an equal timestamp (envelopes carry
-- milliseconds) the later arrival wins, which is stream order. Deletions are tombstones
-- (`villages.deleted`, `village_members.removed`), so a late, older `added` cannot resurrect them.
-- A read-through answer ("snapshot") never moves `version_at`: the next newer event still applies.
-- `revision` counts every change of a row; a snapshot is stored only if the row is still at the
-- revision the caller read before asking identity, so it never overwrites an event applied meanwhile.

create table {{schema}}.villages (
  -- Identity's village id.
  id uuid primary key,
  -- Null only for a tombstone of a village this replica never saw alive.
  visibility text constraint villages_visibility_check check (visibility in ('public', 'private')),
  deleted boolean not null default false,
  version_at timestamptz,
  version_event_id uuid,
  revision integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint villages_visibility_present_check check (deleted or visibility is not null)
);

-- No foreign key to villages: a membership event may arrive before its village's event.
create table {{schema}}.village_members (
  village_id uuid not null,
  user_id uuid not null,
  -- The current role; after removal, the last one.
  role text not null constraint village_members_role_check check (role ~ '^[A-Za-z][A-Za-z0-9_-]{0,63}$'),
  removed boolean not null default false,
  version_at timestamptz,
  version_event_id uuid,
  revision integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint village_members_pkey primary key (village_id, user_id)
);

create index village_members_user_id_village_id_idx on {{schema}}.village_members (user_id, village_id)
  where not removed;

-- The app's `app/roles` metadata document (app role -> permissions); one row.
create table {{schema}}.app_roles (
  id boolean primary key default true constraint app_roles_single_row_check check (id),
  roles jsonb not null constraint app_roles_roles_object_check check (jsonb_typeof(roles) = 'object'),
  -- The metadata document's version (0 when there is none).
  document_version integer not null,
  version_at timestamptz,
  version_event_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- village.created / village.updated (p_deleted false) and village.deleted (p_deleted true, visibility
-- may be null). True when applied, false when the event is older than the row or the village is gone.
create or replace function {{schema}}.apply_village_event(
  p_village_id uuid, p_visibility text, p_deleted boolean, p_occurred_at timestamptz, p_event_id uuid
) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into {{schema}}.villages as v (id, visibility, deleted, version_at, version_event_id)
  values (p_village_id, p_visibility, p_deleted, p_occurred_at, p_event_id)
  on conflict (id) do update
     set visibility = coalesce(excluded.visibility, v.visibility),
         deleted = excluded.deleted,
         version_at = excluded.version_at,
         version_event_id = excluded.version_event_id,
         revision = v.revision + 1,
         updated_at = now()
   where not v.deleted
     and (v.version_at is null or excluded.version_at >= v.version_at);
  return found;
end;
$$;

-- membership.added / role_changed (p_removed false) and membership.removed (p_removed true).
create or replace function {{schema}}.apply_membership_event(
  p_village_id uuid, p_user_id uuid, p_role text, p_removed boolean, p_occurred_at timestamptz,
  p_event_id uuid
) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into {{schema}}.village_members as m
    (village_id, user_id, role, removed, version_at, version_event_id)
  values (p_village_id, p_user_id, p_role, p_removed, p_occurred_at, p_event_id)
  on conflict (village_id, user_id) do update
     set role = excluded.role,
         removed = excluded.removed,
         version_at = excluded.version_at,
         version_event_id = excluded.version_event_id,
         revision = m.revision + 1,
         updated_at = now()
   where m.version_at is null or excluded.version_at >= m.version_at;
  return found;
end;
$$;

-- metadata.updated of `app/roles` (p_roles '{}' when the document was deleted).
create or replace function {{schema}}.apply_app_roles_event(
  p_roles jsonb, p_document_version integer, p_occurred_at timestamptz, p_event_id uuid
) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into {{schema}}.app_roles as r (roles, document_version, version_at, version_event_id)
  values (p_roles, p_document_version, p_occurred_at, p_event_id)
  on conflict (id) do update
     set roles = excluded.roles,
         document_version = excluded.document_version,
         version_at = excluded.version_at,
         version_event_id = excluded.version_event_id,
         updated_at = now()
   where r.version_at is null or excluded.version_at >= r.version_at;
  return found;
end;
$$;

-- The document read from identity when the replica has none yet; an event always wins over it.
create or replace function {{schema}}.store_app_roles_snapshot(p_roles jsonb, p_document_version integer)
returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into {{schema}}.app_roles (roles, document_version) values (p_roles, p_document_version)
  on conflict (id) do nothing;
  return found;
end;
$$;

-- No row until an event or a snapshot stored the document.
create or replace function {{schema}}.get_app_roles()
returns table (roles jsonb, document_version integer, version_at timestamptz)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.roles, r.document_version, r.version_at from {{schema}}.app_roles r;
$$;

-- Always one row: what the replica knows of the village and of the user's membership in it.
-- `role` is null when the user is not (or no longer) a member; revisions are 0 for absent rows.
create or replace function {{schema}}.get_membership(p_village_id uuid, p_user_id uuid)
returns table (village_known boolean, visibility text, village_deleted boolean, village_revision integer,
               member_known boolean, role text, member_revision integer)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select v.id is not null, v.visibility, coalesce(v.deleted, false), coalesce(v.revision, 0),
         m.village_id is not null, case when m.removed then null else m.role end,
         coalesce(m.revision, 0)
    from (select p_village_id as village_id, p_user_id as user_id) k
    left join {{schema}}.villages v on v.id = k.village_id
    left join {{schema}}.village_members m on m.village_id = k.village_id and m.user_id = k.user_id;
$$;

-- Stores identity's answer to membership.get (p_visibility null: no such village; p_role null: not a
-- member), unless the rows changed since the caller read them at p_village_revision /
-- p_member_revision. Only facts worth keeping are stored: a village identity does not know, or a
-- non-member with no row, leave no row (the caller's short negative cache covers repeats).
create or replace function {{schema}}.store_membership_snapshot(
  p_village_id uuid, p_user_id uuid, p_visibility text, p_role text, p_village_revision integer,
  p_member_revision integer
) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_stored boolean := false;
begin
  if p_visibility is null then
    return false;
  end if;
  insert into {{schema}}.villages as v (id, visibility)
  select p_village_id, p_visibility where p_village_revision = 0
  on conflict (id) do nothing;
  if found then
    v_stored := true;
  else
    update {{schema}}.villages v
       set visibility = p_visibility, revision = v.revision + 1, updated_at = now()
     where v.id = p_village_id and v.revision = p_village_revision and not v.deleted
       and v.visibility is distinct from p_visibility;
    v_stored := found;
  end if;

  if p_role is not null then
    insert into {{schema}}.village_members as m (village_id, user_id, role)
    select p_village_id, p_user_id, p_role where p_member_revision = 0
    on conflict (village_id, user_id) do nothing;
    if not found then
      update {{schema}}.village_members m
         set role = p_role, removed = false, revision = m.revision + 1, updated_at = now()
       where m.village_id = p_village_id and m.user_id = p_user_id and m.revision = p_member_revision
         and (m.removed or m.role <> p_role);
    end if;
  else
    update {{schema}}.village_members m
       set removed = true, revision = m.revision + 1, updated_at = now()
     where m.village_id = p_village_id and m.user_id = p_user_id and m.revision = p_member_revision
       and not m.removed;
  end if;
  return v_stored or found;
end;
$$;

-- Tombstones are needed only while an older event could still arrive (the stream's retention).
create or replace function {{schema}}.purge_replica_tombstones(p_before timestamptz) returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_members integer;
  v_villages integer;
begin
  delete from {{schema}}.village_members m where m.removed and m.updated_at < p_before;
  get diagnostics v_members = row_count;
  delete from {{schema}}.villages v where v.deleted and v.updated_at < p_before;
  get diagnostics v_villages = row_count;
  return v_members + v_villages;
end;
$$;
