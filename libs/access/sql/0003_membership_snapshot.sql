-- The membership replica from identity's snapshot (membership.snapshot): each item carries the time
-- of its row's last change (`p_…version_at`), so it replaces only an older version (an event
-- applied meanwhile, newer, stays), and a later event applies over it. `synced_at` marks the rows
-- a bootstrap run named; after its last page, live rows it did not name and nothing changed since
-- the run began are gone at identity: they become tombstones (their version kept, so any newer
-- event still applies).

alter table {{schema}}.villages add column synced_at timestamptz;
alter table {{schema}}.village_members add column synced_at timestamptz;

-- One page: villages [{villageId, visibility, versionAt}] and members [{villageId, userId, role,
-- versionAt}]. Returns how many rows changed.
create or replace function {{schema}}.store_membership_snapshot_page(
  p_villages jsonb, p_members jsonb, p_synced_at timestamptz
) returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_villages integer;
  v_members integer;
begin
  update {{schema}}.villages v set synced_at = p_synced_at
    from jsonb_to_recordset(p_villages) as x("villageId" uuid)
   where v.id = x."villageId";
  insert into {{schema}}.villages as v (id, visibility, version_at, synced_at)
  select x."villageId", x.visibility, x."versionAt", p_synced_at
    from jsonb_to_recordset(p_villages) as x("villageId" uuid, visibility text, "versionAt" timestamptz)
  on conflict (id) do update
     set visibility = excluded.visibility, version_at = excluded.version_at, version_event_id = null,
         revision = v.revision + 1, updated_at = now()
   where not v.deleted and (v.version_at is null or v.version_at < excluded.version_at);
  get diagnostics v_villages = row_count;

  update {{schema}}.village_members m set synced_at = p_synced_at
    from jsonb_to_recordset(p_members) as x("villageId" uuid, "userId" uuid)
   where m.village_id = x."villageId" and m.user_id = x."userId";
  insert into {{schema}}.village_members as m (village_id, user_id, role, version_at, synced_at)
  select x."villageId", x."userId", x.role, x."versionAt", p_synced_at
    from jsonb_to_recordset(p_members) as x("villageId" uuid, "userId" uuid, role text, "versionAt" timestamptz)
  on conflict (village_id, user_id) do update
     set role = excluded.role, removed = false, version_at = excluded.version_at, version_event_id = null,
         revision = m.revision + 1, updated_at = now()
   where m.version_at is null or m.version_at < excluded.version_at;
  get diagnostics v_members = row_count;
  return v_villages + v_members;
end;
$$;

-- The `app/roles` document from the snapshot, unless an event as new or newer is stored.
create or replace function {{schema}}.store_app_roles_version(
  p_roles jsonb, p_document_version integer, p_version_at timestamptz
) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into {{schema}}.app_roles as r (roles, document_version, version_at)
  values (p_roles, p_document_version, p_version_at)
  on conflict (id) do update
     set roles = excluded.roles, document_version = excluded.document_version,
         version_at = excluded.version_at, version_event_id = null, updated_at = now()
   where r.version_at is null or r.version_at < excluded.version_at;
  return found;
end;
$$;

-- After a run's last page: live villages and memberships it did not name, untouched since it
-- began, are gone at identity. Returns how many became tombstones.
create or replace function {{schema}}.sweep_membership_replica(p_synced_at timestamptz) returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_villages integer;
  v_members integer;
begin
  update {{schema}}.villages v set deleted = true, revision = v.revision + 1, updated_at = now()
   where not v.deleted and v.synced_at is distinct from p_synced_at and v.updated_at < p_synced_at;
  get diagnostics v_villages = row_count;
  update {{schema}}.village_members m set removed = true, revision = m.revision + 1, updated_at = now()
   where not m.removed and m.synced_at is distinct from p_synced_at and m.updated_at < p_synced_at;
  get diagnostics v_members = row_count;
  return v_villages + v_members;
end;
$$;
