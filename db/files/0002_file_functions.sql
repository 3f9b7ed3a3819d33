-- File functions: records, quota, downloads, removals. Who may do what is decided by the
-- service (files.policy.ts); these functions store, query and emit.

-- The row every file function returns.
create or replace function files.file_result(p_file files.files)
returns table (
  id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint,
  checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text,
  upload_id text, created_at timestamptz, updated_at timestamptz, uploaded_at timestamptz
)
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select p_file.id, p_file.village_id, p_file.owner_id, p_file.name, p_file.folder::text,
         p_file.content_type, p_file.size, p_file.checksum_sha256, p_file.status, p_file.visibility,
         p_file.read, p_file.write, p_file.object_key, p_file.upload_id, p_file.created_at,
         p_file.updated_at, p_file.uploaded_at;
$$;

-- The payload fields every file event carries (contracts: fileEventFields).
create or replace function files.file_event_fields(p_file files.files)
returns jsonb
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object('fileId', p_file.id, 'villageId', p_file.village_id,
    'ownerId', p_file.owner_id, 'name', p_file.name, 'folder', p_file.folder::text,
    'contentType', p_file.content_type, 'size', p_file.size,
    'permissions', jsonb_build_object('visibility', p_file.visibility,
      'read', to_jsonb(p_file.read), 'write', to_jsonb(p_file.write)));
$$;

-- A pending file, its quota reserved: p_size more bytes must fit under p_quota (raises quota_exceeded).
create or replace function files.create_file(
  p_village_id uuid,
  p_owner_id uuid,
  p_name text,
  p_folder text,
  p_content_type text,
  p_size bigint,
  p_checksum_sha256 text,
  p_visibility text,
  p_read text[],
  p_write text[],
  p_object_key text,
  p_quota bigint,
  p_id uuid
) returns table (
  id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint,
  checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text,
  upload_id text, created_at timestamptz, updated_at timestamptz, uploaded_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_file files.files;
begin
  insert into files.village_usage as u (village_id) values (p_village_id)
  on conflict (village_id) do nothing;
  update files.village_usage as u set bytes = u.bytes + p_size, updated_at = now()
   where u.village_id = p_village_id and u.bytes + p_size <= p_quota;
  if not found then
    raise exception using errcode = 'P0001', message = 'quota_exceeded',
      detail = format('The village''s storage quota (%s bytes) would be exceeded', p_quota);
  end if;

  insert into files.files as f (id, village_id, owner_id, name, folder, content_type, size,
    checksum_sha256, visibility, read, write, object_key)
  values (p_id, p_village_id, p_owner_id, p_name, p_folder, p_content_type, p_size,
    p_checksum_sha256, p_visibility, p_read, p_write, p_object_key)
  returning f.* into v_file;
  return query select * from files.file_result(v_file);
end;
$$;

-- Remembers a pending file's multipart upload id.
create or replace function files.set_upload_id(p_file_id uuid, p_upload_id text)
returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  update files.files set upload_id = p_upload_id, updated_at = now()
   where id = p_file_id and status = 'pending';
$$;

-- One file as p_user_id may reach it: the record plus whether it is someone's avatar (whose)
-- and whether a message grants it to the user. No row when there is no file.
create or replace function files.get_file_for(p_file_id uuid, p_user_id uuid)
returns table (
  id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint,
  checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text,
  upload_id text, created_at timestamptz, updated_at timestamptz, uploaded_at timestamptz,
  avatar_of uuid, granted boolean
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.*,
         (select a.user_id from files.avatars a where a.file_id = f.id limit 1),
         exists (select 1 from files.file_grants g where g.file_id = f.id and g.user_id = p_user_id)
    from files.files f
   cross join lateral files.file_result(f) r
   where f.id = p_file_id;
$$;

-- Files by id, for the use check (avatar, attachment).
create or replace function files.get_files(p_file_ids uuid[])
returns table (
  id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint,
  checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text,
  upload_id text, created_at timestamptz, updated_at timestamptz, uploaded_at timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.* from files.files f cross join lateral files.file_result(f) r where f.id = any(p_file_ids);
$$;

-- Whether a member (p_user_id with p_role; p_manage: holds files.manage) sees a ready file.
-- Mirrors FilesPolicy.canRead for the list queries.
create or replace function files.sees_file(p_file files.files, p_user_id uuid, p_role text, p_manage boolean)
returns boolean
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select p_manage or p_file.owner_id = p_user_id
      or (p_file.visibility = 'visible'
          and ((cardinality(p_file.read) = 0)
               or p_user_id::text = any(p_file.read) or p_role = any(p_file.read)
               or p_user_id::text = any(p_file.write) or p_role = any(p_file.write)));
$$;

-- A page of a folder's ready files the member sees, by (folder, sort_name, id) after the cursor;
-- p_recursive: the whole subtree (a range of the index).
create or replace function files.list_files(
  p_village_id uuid,
  p_folder text,
  p_recursive boolean,
  p_user_id uuid,
  p_role text,
  p_manage boolean,
  p_limit integer,
  p_after_folder text default null,
  p_after_name text default null,
  p_after_id uuid default null
) returns table (
  id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint,
  checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text,
  upload_id text, created_at timestamptz, updated_at timestamptz, uploaded_at timestamptz,
  sort_name text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.*, f.sort_name::text
    from files.files f
   cross join lateral files.file_result(f) r
   where f.village_id = p_village_id
     and f.status = 'ready'
     and (case when p_recursive
               then f.folder >= p_folder::text collate "C"
                    and f.folder < (p_folder || U&'\+10FFFF')::text collate "C"
               else f.folder = p_folder::text collate "C" end)
     and (p_after_id is null
          or (f.folder, f.sort_name, f.id) > (p_after_folder::text collate "C", p_after_name::text collate "C", p_after_id))
     and files.sees_file(f, p_user_id, p_role, p_manage)
   order by f.folder, f.sort_name, f.id
   limit p_limit;
$$;

-- The immediate subfolders of p_folder holding ready files the member sees (at most 1000).
create or replace function files.list_subfolders(
  p_village_id uuid, p_folder text, p_user_id uuid, p_role text, p_manage boolean
) returns table (name text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select distinct split_part(substr(f.folder, char_length(p_folder) + 1), '/', 1)
    from files.files f
   where f.village_id = p_village_id
     and f.status = 'ready'
     and f.folder > p_folder::text collate "C"
     and f.folder < (p_folder || U&'\+10FFFF')::text collate "C"
     and files.sees_file(f, p_user_id, p_role, p_manage)
   order by 1
   limit 1000;
$$;

-- Marks a pending file ready with file.uploaded; no row when it is not pending (completed already).
create or replace function files.complete_file(p_file_id uuid, p_actor_id uuid)
returns table (
  id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint,
  checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text,
  upload_id text, created_at timestamptz, updated_at timestamptz, uploaded_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_file files.files;
begin
  update files.files as f
     set status = 'ready', uploaded_at = now(), updated_at = now(), upload_id = null
   where f.id = p_file_id and f.status = 'pending'
  returning f.* into v_file;
  if not found then return; end if;
  perform files.emit_event('files.file.uploaded', 1, v_file.village_id, p_actor_id,
    files.file_event_fields(v_file));
  return query select * from files.file_result(v_file);
end;
$$;

-- Renames, moves, changes permissions (null: keep). file.updated when a ready file changed.
create or replace function files.update_file(
  p_file_id uuid,
  p_actor_id uuid,
  p_name text default null,
  p_folder text default null,
  p_visibility text default null,
  p_read text[] default null,
  p_write text[] default null
) returns table (
  id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint,
  checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text,
  upload_id text, created_at timestamptz, updated_at timestamptz, uploaded_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_old files.files;
  v_file files.files;
  v_changes text[] := '{}';
begin
  select f.* into v_old from files.files f where f.id = p_file_id for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such file';
  end if;
  update files.files as f
     set name = coalesce(p_name, f.name),
         folder = coalesce(p_folder, f.folder),
         visibility = coalesce(p_visibility, f.visibility),
         read = coalesce(p_read, f.read),
         write = coalesce(p_write, f.write),
         updated_at = now()
   where f.id = p_file_id
  returning f.* into v_file;

  if v_file.name is distinct from v_old.name then v_changes := array_append(v_changes, 'name'); end if;
  if v_file.folder is distinct from v_old.folder then v_changes := array_append(v_changes, 'folder'); end if;
  if (v_file.visibility, v_file.read, v_file.write) is distinct from (v_old.visibility, v_old.read, v_old.write) then
    v_changes := array_append(v_changes, 'permissions');
  end if;
  if v_file.status = 'ready' and cardinality(v_changes) > 0 then
    perform files.emit_event('files.file.updated', 1, v_file.village_id, p_actor_id,
      files.file_event_fields(v_file) || jsonb_build_object('changes', to_jsonb(v_changes),
        'previousPermissions', jsonb_build_object('visibility', v_old.visibility,
          'read', to_jsonb(v_old.read), 'write', to_jsonb(v_old.write))));
  end if;
  return query select * from files.file_result(v_file);
end;
$$;

-- Deletes the records of p_file_ids (those that exist): quota released, object removals queued,
-- file.deleted each. Returns the deleted rows.
create or replace function files.delete_files(p_file_ids uuid[], p_actor_id uuid, p_reason text)
returns table (
  id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint,
  checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text,
  upload_id text, created_at timestamptz, updated_at timestamptz, uploaded_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_file files.files;
begin
  for v_file in
    delete from files.files f where f.id = any(p_file_ids) returning f.*
  loop
    update files.village_usage as u set bytes = greatest(u.bytes - v_file.size, 0), updated_at = now()
     where u.village_id = v_file.village_id;
    insert into files.object_removals (file_id, object_key, upload_id)
    values (v_file.id, v_file.object_key, v_file.upload_id)
    on conflict (file_id) do nothing;
    perform files.emit_event('files.file.deleted', 1, v_file.village_id, p_actor_id,
      files.file_event_fields(v_file) || jsonb_build_object('status', v_file.status, 'reason', p_reason));
    return query select * from files.file_result(v_file);
  end loop;
end;
$$;

-- Forgets a pending file whose upload could not even start (no object, no event).
create or replace function files.discard_pending_file(p_file_id uuid)
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_file files.files;
begin
  delete from files.files f where f.id = p_file_id and f.status = 'pending' returning f.* into v_file;
  if found then
    update files.village_usage as u set bytes = greatest(u.bytes - v_file.size, 0), updated_at = now()
     where u.village_id = v_file.village_id;
  end if;
end;
$$;

-- Deletes pending files created before p_created_before (a batch, skipping rows another replica
-- holds), reason 'expired'. Returns how many.
create or replace function files.expire_pending_files(p_created_before timestamptz, p_limit integer)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_ids uuid[];
begin
  select coalesce(array_agg(f.id), '{}') into v_ids
    from (select f.id from files.files f
           where f.status = 'pending' and f.created_at < p_created_before
           order by f.created_at
           limit p_limit
           for update skip locked) f;
  perform 1 from files.delete_files(v_ids, null, 'expired');
  return cardinality(v_ids);
end;
$$;

-- Deletes every file of a deleted village (reason 'village_deleted'). Returns how many.
create or replace function files.delete_village_files(p_village_id uuid)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_count integer;
begin
  select count(*) into v_count
    from files.delete_files(
      array(select f.id from files.files f where f.village_id = p_village_id), null, 'village_deleted');
  delete from files.village_usage where village_id = p_village_id;
  delete from files.settings where scope = p_village_id::text;
  return v_count;
end;
$$;

-- Records a download of a ready file with file.downloaded; no row when it is not ready.
create or replace function files.record_download(p_file_id uuid, p_user_id uuid)
returns table (id uuid, file_id uuid, user_id uuid, downloaded_at timestamptz)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_file files.files;
  v_download files.downloads;
begin
  select f.* into v_file from files.files f where f.id = p_file_id and f.status = 'ready' for share;
  if not found then return; end if;
  insert into files.downloads as d (file_id, user_id) values (p_file_id, p_user_id)
  returning d.* into v_download;
  perform files.emit_event('files.file.downloaded', 1, v_file.village_id, p_user_id,
    jsonb_build_object('downloadId', v_download.id, 'fileId', v_file.id,
      'villageId', v_file.village_id, 'ownerId', v_file.owner_id, 'userId', p_user_id));
  return query select v_download.id, v_download.file_id, v_download.user_id, v_download.downloaded_at;
end;
$$;

-- A page of a file's downloads, newest first, before the cursor.
create or replace function files.list_downloads(
  p_file_id uuid, p_limit integer, p_before_at timestamptz default null, p_before_id uuid default null
) returns table (id uuid, file_id uuid, user_id uuid, downloaded_at timestamptz, sort_key text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select d.id, d.file_id, d.user_id, d.downloaded_at, d.downloaded_at::text
    from files.downloads d
   where d.file_id = p_file_id
     and (p_before_id is null or (d.downloaded_at, d.id) < (p_before_at, p_before_id))
   order by d.downloaded_at desc, d.id desc
   limit p_limit;
$$;

-- The queued removal of a deleted file's object; no row when it is done (or was never queued).
create or replace function files.get_object_removal(p_file_id uuid)
returns table (file_id uuid, object_key text, upload_id text, attempts integer)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.file_id, r.object_key, r.upload_id, r.attempts from files.object_removals r where r.file_id = p_file_id;
$$;

-- The object is gone from S3: the removal is done.
create or replace function files.finish_object_removal(p_file_id uuid)
returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  delete from files.object_removals where file_id = p_file_id;
$$;

-- Removals not done for a while (their event was lost to a crash or dead-lettered): claimed for
-- a retry by moving their updated_at, skipping rows another replica holds.
create or replace function files.claim_stale_object_removals(p_updated_before timestamptz, p_limit integer)
returns table (file_id uuid, object_key text, upload_id text, attempts integer)
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  update files.object_removals r
     set attempts = r.attempts + 1, updated_at = now()
   where r.file_id in (select s.file_id from files.object_removals s
                        where s.updated_at < p_updated_before
                        order by s.updated_at
                        limit p_limit
                        for update skip locked)
  returning r.file_id, r.object_key, r.upload_id, r.attempts;
$$;

-- Which of p_user_ids are current members of the village (in the replica).
create or replace function files.current_members(p_village_id uuid, p_user_ids uuid[])
returns table (user_id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select m.user_id from files.village_members m
   where m.village_id = p_village_id and m.user_id = any(p_user_ids) and not m.removed;
$$;
