-- Every files function in plpgsql (it was `language sql`). A SQL function with `set search_path`
-- (db/CONVENTIONS.md) is never inlined, and PostgreSQL before 18 parses and plans its body again at
-- every call: ~80-100 µs per call here, paid by every statement that calls it (get_membership, uuid_v7
-- ...). plpgsql keeps its plans for the session. Bodies and results are unchanged: a set-returning
-- function returns its query, a scalar one the first row of its select (null when none), as before.

create or replace function files.claim_stale_object_removals(p_updated_before timestamp with time zone, p_limit integer)
 returns table (file_id uuid, object_key text, upload_id text, attempts integer)
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  update files.object_removals r
     set attempts = r.attempts + 1, updated_at = now()
   where r.file_id in (select s.file_id from files.object_removals s
                        where s.updated_at < p_updated_before
                        order by s.updated_at
                        limit p_limit
                        for update skip locked)
  returning r.file_id, r.object_key, r.upload_id, r.attempts;
end;
$function$;

create or replace function files.current_members(p_village_id uuid, p_user_ids uuid[])
 returns table (user_id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select m.user_id from files.village_members m
  where m.village_id = p_village_id and m.user_id = any(p_user_ids) and not m.removed;
end;
$function$;

create or replace function files.file_event_fields(p_file files.files)
 returns jsonb
 language plpgsql
 immutable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return jsonb_build_object('fileId', p_file.id, 'villageId', p_file.village_id,
  'ownerId', p_file.owner_id, 'name', p_file.name, 'folder', p_file.folder::text,
  'contentType', p_file.content_type, 'size', p_file.size,
  'permissions', jsonb_build_object('visibility', p_file.visibility,
    'read', to_jsonb(p_file.read), 'write', to_jsonb(p_file.write)));
end;
$function$;

create or replace function files.file_result(p_file files.files)
 returns table (id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint, checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text, upload_id text, created_at timestamp with time zone, updated_at timestamp with time zone, uploaded_at timestamp with time zone)
 language plpgsql
 immutable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select p_file.id, p_file.village_id, p_file.owner_id, p_file.name, p_file.folder::text,
  p_file.content_type, p_file.size, p_file.checksum_sha256, p_file.status, p_file.visibility,
  p_file.read, p_file.write, p_file.object_key, p_file.upload_id, p_file.created_at,
  p_file.updated_at, p_file.uploaded_at;
end;
$function$;

create or replace function files.finish_object_removal(p_file_id uuid)
 returns void
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  delete from files.object_removals where file_id = p_file_id;
end;
$function$;

create or replace function files.get_file_for(p_file_id uuid, p_user_id uuid)
 returns table (id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint, checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text, upload_id text, created_at timestamp with time zone, updated_at timestamp with time zone, uploaded_at timestamp with time zone, avatar_of uuid, granted boolean)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select r.*,
        (select a.user_id from files.avatars a where a.file_id = f.id limit 1),
        exists (select 1 from files.file_grants g where g.file_id = f.id and g.user_id = p_user_id)
   from files.files f
  cross join lateral files.file_result(f) r
  where f.id = p_file_id;
end;
$function$;

create or replace function files.get_files(p_file_ids uuid[])
 returns table (id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint, checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text, upload_id text, created_at timestamp with time zone, updated_at timestamp with time zone, uploaded_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select r.* from files.files f cross join lateral files.file_result(f) r where f.id = any(p_file_ids);
end;
$function$;

create or replace function files.get_object_removal(p_file_id uuid)
 returns table (file_id uuid, object_key text, upload_id text, attempts integer)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select r.file_id, r.object_key, r.upload_id, r.attempts from files.object_removals r where r.file_id = p_file_id;
end;
$function$;

create or replace function files.get_settings(p_village_id uuid)
 returns table (app_known boolean, app_value jsonb, village_known boolean, village_value jsonb)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select exists (select 1 from files.settings where scope = 'app'),
  (select s.value from files.settings s where s.scope = 'app'),
  exists (select 1 from files.settings where scope = p_village_id::text),
  (select s.value from files.settings s where s.scope = p_village_id::text);
end;
$function$;

create or replace function files.grant_message_files(p_message_id uuid, p_file_ids uuid[], p_user_ids uuid[])
 returns void
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  insert into files.file_grants (file_id, user_id, message_id)
  select f.id, u.user_id, p_message_id
    from files.files f cross join unnest(p_user_ids) as u(user_id)
   where f.id = any(p_file_ids)
  on conflict do nothing;
end;
$function$;

create or replace function files.list_downloads(p_file_id uuid, p_limit integer, p_before_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (id uuid, file_id uuid, user_id uuid, downloaded_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select d.id, d.file_id, d.user_id, d.downloaded_at, d.downloaded_at::text
   from files.downloads d
  where d.file_id = p_file_id
    and (p_before_id is null or (d.downloaded_at, d.id) < (p_before_at, p_before_id))
  order by d.downloaded_at desc, d.id desc
  limit p_limit;
end;
$function$;

create or replace function files.list_files(p_village_id uuid, p_folder text, p_recursive boolean, p_user_id uuid, p_role text, p_manage boolean, p_limit integer, p_after_folder text DEFAULT NULL::text, p_after_name text DEFAULT NULL::text, p_after_id uuid DEFAULT NULL::uuid)
 returns table (id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint, checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text, upload_id text, created_at timestamp with time zone, updated_at timestamp with time zone, uploaded_at timestamp with time zone, sort_name text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
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
end;
$function$;

create or replace function files.list_subfolders(p_village_id uuid, p_folder text, p_user_id uuid, p_role text, p_manage boolean)
 returns table (name text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select distinct split_part(substr(f.folder, char_length(p_folder) + 1), '/', 1)
   from files.files f
  where f.village_id = p_village_id
    and f.status = 'ready'
    and f.folder > p_folder::text collate "C"
    and f.folder < (p_folder || U&'\+10FFFF')::text collate "C"
    and files.sees_file(f, p_user_id, p_role, p_manage)
  order by 1
  limit 1000;
end;
$function$;

create or replace function files.revoke_message_files(p_message_id uuid)
 returns void
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  delete from files.file_grants where message_id = p_message_id;
end;
$function$;

create or replace function files.sees_file(p_file files.files, p_user_id uuid, p_role text, p_manage boolean)
 returns boolean
 language plpgsql
 immutable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return p_manage or p_file.owner_id = p_user_id
  or (p_file.visibility = 'visible'
      and ((cardinality(p_file.read) = 0)
           or p_user_id::text = any(p_file.read) or p_role = any(p_file.read)
           or p_user_id::text = any(p_file.write) or p_role = any(p_file.write)));
end;
$function$;

create or replace function files.set_upload_id(p_file_id uuid, p_upload_id text)
 returns void
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  update files.files set upload_id = p_upload_id, updated_at = now()
  where id = p_file_id and status = 'pending';
end;
$function$;

create or replace function files.store_settings(p_scope text, p_value jsonb, p_version integer, p_version_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 returns void
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  insert into files.settings as s (scope, value, version, version_at)
  values (p_scope, p_value, p_version, p_version_at)
  on conflict (scope) do update
     set value = excluded.value, version = excluded.version, version_at = excluded.version_at,
         updated_at = now()
   where case when excluded.version_at is null
              then s.version_at is null and s.version <= excluded.version
              else s.version_at is null or s.version_at <= excluded.version_at end;
end;
$function$;

create or replace function files.sweep_avatars(p_synced_at timestamp with time zone)
 returns integer
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    update files.avatars a set file_id = null, updated_at = now()
     where a.file_id is not null and a.synced_at is distinct from p_synced_at and a.updated_at < p_synced_at
    returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$function$;

create or replace function files.sweep_message_grants(p_synced_at timestamp with time zone)
 returns integer
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from files.file_grants g
     where g.synced_at is distinct from p_synced_at and g.created_at < p_synced_at
    returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$function$;
