-- Attachment grants and avatars from their owners' snapshots (messaging's attachment.snapshot,
-- identity's avatar.snapshot), when files starts without them, is told to rebuild them or fell
-- behind the stream's retention. `synced_at` marks the rows a bootstrap run named; after its last
-- page, what it did not name and nothing changed since the run began is gone at the owner.

alter table files.file_grants add column synced_at timestamptz;
alter table files.avatars add column synced_at timestamptz;

-- One page of messages [{messageId, authorId, recipientIds, attachments}]: their existing files
-- granted to author and recipients, unless the message is known deleted. Returns the grants named.
create or replace function files.store_message_grants_snapshot(p_messages jsonb, p_synced_at timestamptz)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_count integer;
begin
  insert into files.file_grants as g (file_id, user_id, message_id, synced_at)
  select f.id, u.user_id, x."messageId", p_synced_at
    from jsonb_to_recordset(p_messages) as x("messageId" uuid, "authorId" uuid, "recipientIds" uuid[], attachments uuid[])
    join files.files f on f.id = any(x.attachments)
   cross join unnest(x."authorId" || x."recipientIds") as u(user_id)
   where not exists (select 1 from files.deleted_messages d where d.message_id = x."messageId")
  on conflict on constraint file_grants_pkey do update set synced_at = excluded.synced_at;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

-- After a run's last page: grants it did not name, older than the run, are gone. Returns how many.
create or replace function files.sweep_message_grants(p_synced_at timestamptz) returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with gone as (
    delete from files.file_grants g
     where g.synced_at is distinct from p_synced_at and g.created_at < p_synced_at
    returning 1)
  select count(*)::integer from gone;
$$;

-- One page of avatars [{userId, avatarFileId, versionAt}]: each replaces an older version (an
-- event applied meanwhile, newer, stays); a deleted user's row is final. Returns the rows changed.
create or replace function files.store_avatars_snapshot(p_avatars jsonb, p_synced_at timestamptz)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_count integer;
begin
  update files.avatars a set synced_at = p_synced_at
    from jsonb_to_recordset(p_avatars) as x("userId" uuid)
   where a.user_id = x."userId";
  insert into files.avatars as a (user_id, file_id, version_at, synced_at)
  select x."userId", (select f.id from files.files f where f.id = x."avatarFileId"), x."versionAt", p_synced_at
    from jsonb_to_recordset(p_avatars) as x("userId" uuid, "avatarFileId" uuid, "versionAt" timestamptz)
  on conflict (user_id) do update
     set file_id = excluded.file_id, version_at = excluded.version_at, updated_at = now()
   where not a.user_deleted and (a.version_at is null or a.version_at < excluded.version_at);
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

-- After a run's last page: avatars it did not name, untouched since it began, are none any more.
create or replace function files.sweep_avatars(p_synced_at timestamptz) returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with gone as (
    update files.avatars a set file_id = null, updated_at = now()
     where a.file_id is not null and a.synced_at is distinct from p_synced_at and a.updated_at < p_synced_at
    returning 1)
  select count(*)::integer from gone;
$$;
