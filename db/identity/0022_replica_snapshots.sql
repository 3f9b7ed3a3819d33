-- Internal snapshots for other services' replicas (libs/access's membership replica, files'
-- avatars): keyset pages of the facts identity's events carry, each row with the time of its last
-- change in milliseconds (`version_at`, as event envelopes carry `occurredAt`). A change a page
-- does not reflect commits after the page was read; its function locks and writes the row before
-- it emits, so that event's occurredAt is never earlier than the row's version_at, and a replica
-- applies it over the snapshot.

-- Villages by id after p_after (null: from the first).
create or replace function identity.snapshot_villages(p_after uuid, p_limit integer)
returns table (village_id uuid, visibility text, version_at timestamptz)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select v.id, v.visibility, date_trunc('milliseconds', v.updated_at)
    from identity.villages v
   where p_after is null or v.id > p_after
   order by v.id
   limit p_limit;
$$;

-- Memberships by (village, user) after the given pair (null: from the first).
create or replace function identity.snapshot_memberships(
  p_after_village_id uuid, p_after_user_id uuid, p_limit integer
) returns table (village_id uuid, user_id uuid, role text, version_at timestamptz)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select m.village_id, m.user_id, m.role, date_trunc('milliseconds', m.updated_at)
    from identity.memberships m
   where p_after_village_id is null or (m.village_id, m.user_id) > (p_after_village_id, p_after_user_id)
   order by m.village_id, m.user_id
   limit p_limit;
$$;

-- The `app/roles` document; no row when there is none.
create or replace function identity.snapshot_app_roles()
returns table (roles jsonb, document_version integer, version_at timestamptz)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select d.value, d.version, date_trunc('milliseconds', d.updated_at)
    from identity.metadata_documents d
   where d.scope = 'app' and d.key = 'roles';
$$;

create index users_avatar_id_idx on identity.users (id) where avatar_file_id is not null and status = 'active';

-- Active users with an avatar, by id after p_after (null: from the first).
create or replace function identity.snapshot_avatars(p_after uuid, p_limit integer)
returns table (user_id uuid, avatar_file_id uuid, version_at timestamptz)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select u.id, u.avatar_file_id, date_trunc('milliseconds', u.updated_at)
    from identity.users u
   where u.avatar_file_id is not null and u.status = 'active' and (p_after is null or u.id > p_after)
   order by u.id
   limit p_limit;
$$;
