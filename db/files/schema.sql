--
-- PostgreSQL database dump
--

SELECT pg_catalog.set_config('search_path', '', false);

--
-- Name: files; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA files;

--
-- Name: apply_app_roles_event(jsonb, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.apply_app_roles_event(p_roles jsonb, p_document_version integer, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into files.app_roles as r (roles, document_version, version_at, version_event_id)
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

--
-- Name: apply_avatar_event(uuid, uuid, boolean, timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.apply_avatar_event(p_user_id uuid, p_file_id uuid, p_user_deleted boolean, p_occurred_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into files.avatars as a (user_id, file_id, version_at, user_deleted)
  values (p_user_id, (select f.id from files.files f where f.id = p_file_id and not p_user_deleted),
          p_occurred_at, p_user_deleted)
  on conflict (user_id) do update
     set file_id = excluded.file_id, version_at = excluded.version_at,
         user_deleted = excluded.user_deleted, updated_at = now()
   where not a.user_deleted and (a.version_at is null or excluded.version_at >= a.version_at);
  return found;
end;
$$;

--
-- Name: apply_membership_event(uuid, uuid, text, boolean, timestamp with time zone, uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.apply_membership_event(p_village_id uuid, p_user_id uuid, p_role text, p_removed boolean, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into files.village_members as m
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

--
-- Name: apply_message_deleted(uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.apply_message_deleted(p_message_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into files.deleted_messages (message_id) values (p_message_id) on conflict do nothing;
  perform files.revoke_message_files(p_message_id);
end;
$$;

--
-- Name: apply_message_sent(uuid, uuid[], uuid[]); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.apply_message_sent(p_message_id uuid, p_file_ids uuid[], p_user_ids uuid[]) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if exists (select 1 from files.deleted_messages d where d.message_id = p_message_id) then
    return false;
  end if;
  perform files.grant_message_files(p_message_id, p_file_ids, p_user_ids);
  return true;
end;
$$;

--
-- Name: apply_village_deleted(uuid, timestamp with time zone, uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.apply_village_deleted(p_village_id uuid, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_count integer;
begin
  perform files.apply_village_event(p_village_id, null, true, p_occurred_at, p_event_id);
  v_count := files.delete_village_files(p_village_id);
  insert into files.settings as s (scope, value, version, version_at)
  values (p_village_id::text, null, 0, 'infinity')
  on conflict (scope) do update set value = null, version = 0, version_at = 'infinity', updated_at = now();
  return v_count;
end;
$$;

--
-- Name: apply_village_event(uuid, text, boolean, timestamp with time zone, uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.apply_village_event(p_village_id uuid, p_visibility text, p_deleted boolean, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into files.villages as v (id, visibility, deleted, version_at, version_event_id)
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

--
-- Name: begin_replica_bootstrap(text, integer); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.begin_replica_bootstrap(p_replica text, p_lease_ms integer) RETURNS timestamp with time zone
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_started_at timestamptz := date_trunc('milliseconds', clock_timestamp());
begin
  insert into files.replica_bootstraps as r (replica, started_at, leased_until)
  values (p_replica, v_started_at, clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0))
  on conflict (replica) do update
     set started_at = excluded.started_at, leased_until = excluded.leased_until, updated_at = now()
   where r.leased_until is null or r.leased_until < clock_timestamp();
  return case when found then v_started_at end;
end;
$$;

--
-- Name: claim_idempotency_key(uuid, text, text, integer); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.claim_idempotency_key(p_user_id uuid, p_key text, p_fingerprint text, p_ttl_seconds integer) RETURNS TABLE(fingerprint text, response jsonb)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  -- A key past its lifetime is free again.
  delete from files.idempotency_keys k
   where k.user_id = p_user_id and k.key = p_key
     and k.created_at < clock_timestamp() - make_interval(secs => p_ttl_seconds);
  insert into files.idempotency_keys (user_id, key, fingerprint)
  values (p_user_id, p_key, p_fingerprint)
  on conflict do nothing;
  if found then
    return;
  end if;
  return query
    select k.fingerprint, k.response from files.idempotency_keys k
     where k.user_id = p_user_id and k.key = p_key;
end;
$$;

--
-- Name: claim_inbox(text, uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.claim_inbox(p_consumer text, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into files.inbox (consumer, event_id) values (p_consumer, p_event_id)
  on conflict do nothing;
  return found;
end;
$$;

--
-- Name: claim_inbox_batch(text, uuid[]); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.claim_inbox_batch(p_consumer text, p_event_ids uuid[]) RETURNS SETOF uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  insert into files.inbox (consumer, event_id)
  select p_consumer, e.id from unnest(p_event_ids) as e(id)
  on conflict do nothing
  returning event_id;
end;
$$;

--
-- Name: claim_stale_object_removals(timestamp with time zone, integer); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.claim_stale_object_removals(p_updated_before timestamp with time zone, p_limit integer) RETURNS TABLE(file_id uuid, object_key text, upload_id text, attempts integer)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: complete_file(uuid, uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.complete_file(p_file_id uuid, p_actor_id uuid) RETURNS TABLE(id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint, checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text, upload_id text, created_at timestamp with time zone, updated_at timestamp with time zone, uploaded_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: complete_idempotency_key(uuid, text, jsonb); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.complete_idempotency_key(p_user_id uuid, p_key text, p_response jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update files.idempotency_keys set response = p_response where user_id = p_user_id and key = p_key;
end;
$$;

--
-- Name: complete_replica_bootstrap(text, timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.complete_replica_bootstrap(p_replica text, p_started_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  update files.replica_bootstraps r
     set completed_at = clock_timestamp(), leased_until = null, updated_at = now()
   where r.replica = p_replica and r.started_at = p_started_at;
  return found;
end;
$$;

--
-- Name: count_pending_outbox(); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.count_pending_outbox() RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result bigint;
begin
  select count(*) from files.outbox where published_at is null
    into v_result;
  return v_result;
end;
$$;

--
-- Name: create_file(uuid, uuid, text, text, text, bigint, text, text, text[], text[], text, bigint, uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.create_file(p_village_id uuid, p_owner_id uuid, p_name text, p_folder text, p_content_type text, p_size bigint, p_checksum_sha256 text, p_visibility text, p_read text[], p_write text[], p_object_key text, p_quota bigint, p_id uuid) RETURNS TABLE(id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint, checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text, upload_id text, created_at timestamp with time zone, updated_at timestamp with time zone, uploaded_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: current_members(uuid, uuid[]); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.current_members(p_village_id uuid, p_user_ids uuid[]) RETURNS TABLE(user_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select m.user_id from files.village_members m
  where m.village_id = p_village_id and m.user_id = any(p_user_ids) and not m.removed;
end;
$$;

--
-- Name: delete_files(uuid[], uuid, text); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.delete_files(p_file_ids uuid[], p_actor_id uuid, p_reason text) RETURNS TABLE(id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint, checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text, upload_id text, created_at timestamp with time zone, updated_at timestamp with time zone, uploaded_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: delete_village_files(uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.delete_village_files(p_village_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: discard_pending_file(uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.discard_pending_file(p_file_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: emit_event(text, integer, uuid, uuid, jsonb); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.emit_event(p_type text, p_version integer, p_village_id uuid, p_actor_id uuid, p_data jsonb) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_id uuid := files.uuid_v7();
begin
  insert into files.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  select v_id, p_type, p_version, p_village_id, p_actor_id, p_data, c.request_id, c.traceparent
    from files.outbox_request_context() as c;
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('files_outbox', '');
  return v_id;
end;
$$;

--
-- Name: emit_events(text, integer, uuid[], uuid[], jsonb[]); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.emit_events(p_type text, p_version integer, p_village_ids uuid[], p_actor_ids uuid[], p_data jsonb[]) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_count integer;
begin
  if cardinality(p_data) is distinct from cardinality(p_village_ids)
     or cardinality(p_data) is distinct from cardinality(p_actor_ids) then
    raise exception using errcode = '22023', message = 'invalid',
      detail = 'emit_events: p_village_ids, p_actor_ids and p_data must have the same length';
  end if;
  if coalesce(cardinality(p_data), 0) = 0 then
    return 0;
  end if;
  insert into files.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  select files.uuid_v7(), p_type, p_version, e.village_id, e.actor_id, e.data, c.request_id, c.traceparent
    from unnest(p_village_ids, p_actor_ids, p_data) with ordinality as e(village_id, actor_id, data, ord)
   cross join files.outbox_request_context() as c
   order by e.ord;
  get diagnostics v_count = row_count;
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('files_outbox', '');
  return v_count;
end;
$$;

--
-- Name: expire_pending_files(timestamp with time zone, integer); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.expire_pending_files(p_created_before timestamp with time zone, p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: uuid_v7(); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.uuid_v7() RETURNS uuid
    LANGUAGE plpgsql PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  -- 48-bit Unix milliseconds, then random bits; version nibble 7, RFC 9562 variant.
  return encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
        from 1 for 6),
      52, 1), 53, 1),
    'hex')::uuid;
end;
$$;

--
-- Name: files; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.files (
    id uuid DEFAULT files.uuid_v7() NOT NULL,
    village_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    name text NOT NULL,
    folder text NOT NULL COLLATE pg_catalog."C",
    sort_name text GENERATED ALWAYS AS (lower(name)) STORED COLLATE pg_catalog."C",
    content_type text NOT NULL,
    size bigint NOT NULL,
    checksum_sha256 text,
    status text DEFAULT 'pending'::text NOT NULL,
    visibility text DEFAULT 'visible'::text NOT NULL,
    read text[] DEFAULT '{}'::text[] NOT NULL,
    write text[] DEFAULT '{}'::text[] NOT NULL,
    object_key text NOT NULL,
    upload_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    uploaded_at timestamp with time zone,
    CONSTRAINT files_content_type_check CHECK (((char_length(content_type) >= 3) AND (char_length(content_type) <= 255))),
    CONSTRAINT files_folder_check CHECK (((folder = '/'::text) OR ((folder ~~ '/%/'::text) AND (char_length(folder) <= 1024)))),
    CONSTRAINT files_name_check CHECK (((char_length(name) >= 1) AND (char_length(name) <= 255))),
    CONSTRAINT files_read_check CHECK ((cardinality(read) <= 50)),
    CONSTRAINT files_ready_uploaded_check CHECK (((status = 'ready'::text) = (uploaded_at IS NOT NULL))),
    CONSTRAINT files_size_check CHECK ((size >= 0)),
    CONSTRAINT files_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'ready'::text]))),
    CONSTRAINT files_visibility_check CHECK ((visibility = ANY (ARRAY['visible'::text, 'hidden'::text]))),
    CONSTRAINT files_write_check CHECK ((cardinality(write) <= 50))
);

--
-- Name: file_event_fields(files.files); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.file_event_fields(p_file files.files) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return jsonb_build_object('fileId', p_file.id, 'villageId', p_file.village_id,
  'ownerId', p_file.owner_id, 'name', p_file.name, 'folder', p_file.folder::text,
  'contentType', p_file.content_type, 'size', p_file.size,
  'permissions', jsonb_build_object('visibility', p_file.visibility,
    'read', to_jsonb(p_file.read), 'write', to_jsonb(p_file.write)));
end;
$$;

--
-- Name: file_result(files.files); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.file_result(p_file files.files) RETURNS TABLE(id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint, checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text, upload_id text, created_at timestamp with time zone, updated_at timestamp with time zone, uploaded_at timestamp with time zone)
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select p_file.id, p_file.village_id, p_file.owner_id, p_file.name, p_file.folder::text,
  p_file.content_type, p_file.size, p_file.checksum_sha256, p_file.status, p_file.visibility,
  p_file.read, p_file.write, p_file.object_key, p_file.upload_id, p_file.created_at,
  p_file.updated_at, p_file.uploaded_at;
end;
$$;

--
-- Name: finish_object_removal(uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.finish_object_removal(p_file_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  delete from files.object_removals where file_id = p_file_id;
end;
$$;

--
-- Name: get_app_roles(); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.get_app_roles() RETURNS TABLE(roles jsonb, document_version integer, version_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.roles, r.document_version, r.version_at from files.app_roles r;
end;
$$;

--
-- Name: get_file_for(uuid, uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.get_file_for(p_file_id uuid, p_user_id uuid) RETURNS TABLE(id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint, checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text, upload_id text, created_at timestamp with time zone, updated_at timestamp with time zone, uploaded_at timestamp with time zone, avatar_of uuid, granted boolean)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: get_files(uuid[]); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.get_files(p_file_ids uuid[]) RETURNS TABLE(id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint, checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text, upload_id text, created_at timestamp with time zone, updated_at timestamp with time zone, uploaded_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.* from files.files f cross join lateral files.file_result(f) r where f.id = any(p_file_ids);
end;
$$;

--
-- Name: get_membership(uuid, uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.get_membership(p_village_id uuid, p_user_id uuid) RETURNS TABLE(village_known boolean, visibility text, village_deleted boolean, village_revision integer, member_known boolean, role text, member_revision integer)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select v.id is not null, v.visibility, coalesce(v.deleted, false), coalesce(v.revision, 0),
       m.village_id is not null, case when m.removed then null else m.role end,
       coalesce(m.revision, 0)
  from (select p_village_id as village_id, p_user_id as user_id) k
  left join files.villages v on v.id = k.village_id
  left join files.village_members m on m.village_id = k.village_id and m.user_id = k.user_id;
end;
$$;

--
-- Name: get_object_removal(uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.get_object_removal(p_file_id uuid) RETURNS TABLE(file_id uuid, object_key text, upload_id text, attempts integer)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.file_id, r.object_key, r.upload_id, r.attempts from files.object_removals r where r.file_id = p_file_id;
end;
$$;

--
-- Name: get_replica_bootstrap(text); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.get_replica_bootstrap(p_replica text) RETURNS TABLE(started_at timestamp with time zone, completed_at timestamp with time zone, leased_until timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.started_at, r.completed_at, r.leased_until from files.replica_bootstraps r where r.replica = p_replica;
end;
$$;

--
-- Name: get_settings(uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.get_settings(p_village_id uuid) RETURNS TABLE(app_known boolean, app_value jsonb, village_known boolean, village_value jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select exists (select 1 from files.settings where scope = 'app'),
  (select s.value from files.settings s where s.scope = 'app'),
  exists (select 1 from files.settings where scope = p_village_id::text),
  (select s.value from files.settings s where s.scope = p_village_id::text);
end;
$$;

--
-- Name: grant_message_files(uuid, uuid[], uuid[]); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.grant_message_files(p_message_id uuid, p_file_ids uuid[], p_user_ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  insert into files.file_grants (file_id, user_id, message_id)
  select f.id, u.user_id, p_message_id
    from files.files f cross join unnest(p_user_ids) as u(user_id)
   where f.id = any(p_file_ids)
  on conflict do nothing;
end;
$$;

--
-- Name: list_downloads(uuid, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.list_downloads(p_file_id uuid, p_limit integer, p_before_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, file_id uuid, user_id uuid, downloaded_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: list_files(uuid, text, boolean, uuid, text, boolean, integer, text, text, uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.list_files(p_village_id uuid, p_folder text, p_recursive boolean, p_user_id uuid, p_role text, p_manage boolean, p_limit integer, p_after_folder text DEFAULT NULL::text, p_after_name text DEFAULT NULL::text, p_after_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint, checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text, upload_id text, created_at timestamp with time zone, updated_at timestamp with time zone, uploaded_at timestamp with time zone, sort_name text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: list_subfolders(uuid, text, uuid, text, boolean); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.list_subfolders(p_village_id uuid, p_folder text, p_user_id uuid, p_role text, p_manage boolean) RETURNS TABLE(name text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: next_outbox_batch(uuid[], integer); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.next_outbox_batch(p_published uuid[], p_limit integer) RETURNS TABLE(seq bigint, id uuid, type text, version integer, village_id uuid, actor_id uuid, data jsonb, occurred_at timestamp with time zone, request_id text, traceparent text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update files.outbox o set published_at = clock_timestamp()
   where o.id = any(p_published) and o.published_at is null;
  return query
    select o.seq, o.id, o.type, o.version, o.village_id, o.actor_id, o.data, o.occurred_at,
           o.request_id, o.traceparent
      from files.outbox o
     where o.published_at is null
     order by o.seq
     limit p_limit;
end;
$$;

--
-- Name: outbox_backlog(); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.outbox_backlog() RETURNS TABLE(pending bigint, oldest_occurred_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select count(*), min(o.occurred_at) from files.outbox o where o.published_at is null;
end;
$$;

--
-- Name: outbox_request_context(); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.outbox_request_context(OUT request_id text, OUT traceparent text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
begin
  select case when r ~ '^[A-Za-z0-9_.-]{1,128}$' then r end,
       case when t ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' then t end
  from (select current_setting('vv.request_id', true) as r, current_setting('vv.traceparent', true) as t) as c
    into request_id, traceparent;
  return;
end;
$_$;

--
-- Name: purge_idempotency_keys(timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.purge_idempotency_keys(p_created_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from files.idempotency_keys where created_at < p_created_before returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: purge_inbox(text, timestamp with time zone, integer); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.purge_inbox(p_consumer text, p_processed_before timestamp with time zone, p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with doomed as (
    select i.event_id from files.inbox i
     where i.consumer = p_consumer and i.processed_at < p_processed_before
     limit p_limit
       for update skip locked),
  gone as (
    delete from files.inbox i using doomed d
     where i.consumer = p_consumer and i.event_id = d.event_id
    returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: purge_outbox(timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.purge_outbox(p_published_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from files.outbox where published_at < p_published_before returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: purge_reference_tombstones(timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.purge_reference_tombstones(p_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_count integer;
  v_total integer;
begin
  delete from files.deleted_messages d where d.updated_at < p_before;
  get diagnostics v_total = row_count;
  delete from files.avatars a where a.file_id is null and a.updated_at < p_before;
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from files.settings s where s.version_at = 'infinity' and s.updated_at < p_before;
  get diagnostics v_count = row_count;
  return v_total + v_count;
end;
$$;

--
-- Name: purge_replica_tombstones(timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.purge_replica_tombstones(p_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_members integer;
  v_villages integer;
begin
  delete from files.village_members m where m.removed and m.updated_at < p_before;
  get diagnostics v_members = row_count;
  delete from files.villages v where v.deleted and v.updated_at < p_before;
  get diagnostics v_villages = row_count;
  return v_members + v_villages;
end;
$$;

--
-- Name: record_download(uuid, uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.record_download(p_file_id uuid, p_user_id uuid) RETURNS TABLE(id uuid, file_id uuid, user_id uuid, downloaded_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: renew_replica_bootstrap(text, timestamp with time zone, integer); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.renew_replica_bootstrap(p_replica text, p_started_at timestamp with time zone, p_lease_ms integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  update files.replica_bootstraps r
     set leased_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0), updated_at = now()
   where r.replica = p_replica and r.started_at = p_started_at;
  return found;
end;
$$;

--
-- Name: revoke_message_files(uuid); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.revoke_message_files(p_message_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  delete from files.file_grants where message_id = p_message_id;
end;
$$;

--
-- Name: sees_file(files.files, uuid, text, boolean); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.sees_file(p_file files.files, p_user_id uuid, p_role text, p_manage boolean) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return p_manage or p_file.owner_id = p_user_id
  or (p_file.visibility = 'visible'
      and ((cardinality(p_file.read) = 0)
           or p_user_id::text = any(p_file.read) or p_role = any(p_file.read)
           or p_user_id::text = any(p_file.write) or p_role = any(p_file.write)));
end;
$$;

--
-- Name: set_upload_id(uuid, text); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.set_upload_id(p_file_id uuid, p_upload_id text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update files.files set upload_id = p_upload_id, updated_at = now()
  where id = p_file_id and status = 'pending';
end;
$$;

--
-- Name: store_app_roles_snapshot(jsonb, integer); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.store_app_roles_snapshot(p_roles jsonb, p_document_version integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into files.app_roles (roles, document_version) values (p_roles, p_document_version)
  on conflict (id) do nothing;
  return found;
end;
$$;

--
-- Name: store_app_roles_version(jsonb, integer, timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.store_app_roles_version(p_roles jsonb, p_document_version integer, p_version_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into files.app_roles as r (roles, document_version, version_at)
  values (p_roles, p_document_version, p_version_at)
  on conflict (id) do update
     set roles = excluded.roles, document_version = excluded.document_version,
         version_at = excluded.version_at, version_event_id = null, updated_at = now()
   where r.version_at is null or r.version_at < excluded.version_at;
  return found;
end;
$$;

--
-- Name: store_avatars_snapshot(jsonb, timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.store_avatars_snapshot(p_avatars jsonb, p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: store_membership_snapshot(uuid, uuid, text, text, integer, integer); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.store_membership_snapshot(p_village_id uuid, p_user_id uuid, p_visibility text, p_role text, p_village_revision integer, p_member_revision integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_stored boolean := false;
begin
  if p_visibility is null then
    return false;
  end if;
  insert into files.villages as v (id, visibility)
  select p_village_id, p_visibility where p_village_revision = 0
  on conflict (id) do nothing;
  if found then
    v_stored := true;
  else
    update files.villages v
       set visibility = p_visibility, revision = v.revision + 1, updated_at = now()
     where v.id = p_village_id and v.revision = p_village_revision and not v.deleted
       and v.visibility is distinct from p_visibility;
    v_stored := found;
  end if;

  if p_role is not null then
    insert into files.village_members as m (village_id, user_id, role)
    select p_village_id, p_user_id, p_role where p_member_revision = 0
    on conflict (village_id, user_id) do nothing;
    if not found then
      update files.village_members m
         set role = p_role, removed = false, revision = m.revision + 1, updated_at = now()
       where m.village_id = p_village_id and m.user_id = p_user_id and m.revision = p_member_revision
         and (m.removed or m.role <> p_role);
    end if;
  else
    update files.village_members m
       set removed = true, revision = m.revision + 1, updated_at = now()
     where m.village_id = p_village_id and m.user_id = p_user_id and m.revision = p_member_revision
       and not m.removed;
  end if;
  return v_stored or found;
end;
$$;

--
-- Name: store_membership_snapshot_page(jsonb, jsonb, timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.store_membership_snapshot_page(p_villages jsonb, p_members jsonb, p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_villages integer;
  v_members integer;
begin
  update files.villages v set synced_at = p_synced_at
    from jsonb_to_recordset(p_villages) as x("villageId" uuid)
   where v.id = x."villageId";
  insert into files.villages as v (id, visibility, version_at, synced_at)
  select x."villageId", x.visibility, x."versionAt", p_synced_at
    from jsonb_to_recordset(p_villages) as x("villageId" uuid, visibility text, "versionAt" timestamptz)
  on conflict (id) do update
     set visibility = excluded.visibility, version_at = excluded.version_at, version_event_id = null,
         revision = v.revision + 1, updated_at = now()
   where not v.deleted and (v.version_at is null or v.version_at < excluded.version_at);
  get diagnostics v_villages = row_count;

  update files.village_members m set synced_at = p_synced_at
    from jsonb_to_recordset(p_members) as x("villageId" uuid, "userId" uuid)
   where m.village_id = x."villageId" and m.user_id = x."userId";
  insert into files.village_members as m (village_id, user_id, role, version_at, synced_at)
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

--
-- Name: store_message_grants_snapshot(jsonb, timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.store_message_grants_snapshot(p_messages jsonb, p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: store_settings(text, jsonb, integer, timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.store_settings(p_scope text, p_value jsonb, p_version integer, p_version_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
$$;

--
-- Name: sweep_avatars(timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.sweep_avatars(p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
$$;

--
-- Name: sweep_membership_replica(timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.sweep_membership_replica(p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_villages integer;
  v_members integer;
begin
  update files.villages v set deleted = true, revision = v.revision + 1, updated_at = now()
   where not v.deleted and v.synced_at is distinct from p_synced_at and v.updated_at < p_synced_at;
  get diagnostics v_villages = row_count;
  update files.village_members m set removed = true, revision = m.revision + 1, updated_at = now()
   where not m.removed and m.synced_at is distinct from p_synced_at and m.updated_at < p_synced_at;
  get diagnostics v_members = row_count;
  return v_villages + v_members;
end;
$$;

--
-- Name: sweep_message_grants(timestamp with time zone); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.sweep_message_grants(p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
$$;

--
-- Name: try_lead_outbox(); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.try_lead_outbox() RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return pg_try_advisory_lock(hashtextextended('vv.outbox.files', 0));
end;
$$;

--
-- Name: update_file(uuid, uuid, text, text, text, text[], text[]); Type: FUNCTION; Schema: files; Owner: -
--

CREATE FUNCTION files.update_file(p_file_id uuid, p_actor_id uuid, p_name text DEFAULT NULL::text, p_folder text DEFAULT NULL::text, p_visibility text DEFAULT NULL::text, p_read text[] DEFAULT NULL::text[], p_write text[] DEFAULT NULL::text[]) RETURNS TABLE(id uuid, village_id uuid, owner_id uuid, name text, folder text, content_type text, size bigint, checksum_sha256 text, status text, visibility text, read text[], write text[], object_key text, upload_id text, created_at timestamp with time zone, updated_at timestamp with time zone, uploaded_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: app_roles; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.app_roles (
    id boolean DEFAULT true NOT NULL,
    roles jsonb NOT NULL,
    document_version integer NOT NULL,
    version_at timestamp with time zone,
    version_event_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT app_roles_roles_object_check CHECK ((jsonb_typeof(roles) = 'object'::text)),
    CONSTRAINT app_roles_single_row_check CHECK (id)
);

--
-- Name: avatars; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.avatars (
    user_id uuid NOT NULL,
    file_id uuid,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    version_at timestamp with time zone,
    user_deleted boolean DEFAULT false NOT NULL,
    synced_at timestamp with time zone
);

--
-- Name: deleted_messages; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.deleted_messages (
    message_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: downloads; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.downloads (
    id uuid DEFAULT files.uuid_v7() NOT NULL,
    file_id uuid NOT NULL,
    user_id uuid NOT NULL,
    downloaded_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: file_grants; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.file_grants (
    file_id uuid NOT NULL,
    user_id uuid NOT NULL,
    message_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    synced_at timestamp with time zone
);

--
-- Name: idempotency_keys; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.idempotency_keys (
    user_id uuid NOT NULL,
    key text NOT NULL,
    fingerprint text NOT NULL,
    response jsonb,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT idempotency_keys_fingerprint_check CHECK ((char_length(fingerprint) = 64)),
    CONSTRAINT idempotency_keys_key_check CHECK (((char_length(key) >= 1) AND (char_length(key) <= 255)))
);

--
-- Name: inbox; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.inbox (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    processed_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

--
-- Name: object_removals; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.object_removals (
    file_id uuid NOT NULL,
    object_key text NOT NULL,
    upload_id text,
    attempts integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: outbox; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.outbox (
    seq bigint NOT NULL,
    id uuid NOT NULL,
    type text NOT NULL,
    version integer NOT NULL,
    village_id uuid,
    actor_id uuid,
    data jsonb NOT NULL,
    occurred_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    published_at timestamp with time zone,
    request_id text,
    traceparent text,
    CONSTRAINT outbox_version_check CHECK ((version > 0))
);

--
-- Name: outbox_seq_seq; Type: SEQUENCE; Schema: files; Owner: -
--

ALTER TABLE files.outbox ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME files.outbox_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: replica_bootstraps; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.replica_bootstraps (
    replica text NOT NULL,
    started_at timestamp with time zone,
    completed_at timestamp with time zone,
    leased_until timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: schema_migrations; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.schema_migrations (
    id text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: settings; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.settings (
    scope text NOT NULL,
    value jsonb,
    version integer NOT NULL,
    version_at timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: village_members; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.village_members (
    village_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text NOT NULL,
    removed boolean DEFAULT false NOT NULL,
    version_at timestamp with time zone,
    version_event_id uuid,
    revision integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    synced_at timestamp with time zone,
    CONSTRAINT village_members_role_check CHECK ((role ~ '^[A-Za-z][A-Za-z0-9_-]{0,63}$'::text))
);

--
-- Name: village_usage; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.village_usage (
    village_id uuid NOT NULL,
    bytes bigint DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT village_usage_bytes_check CHECK ((bytes >= 0))
);

--
-- Name: villages; Type: TABLE; Schema: files; Owner: -
--

CREATE TABLE files.villages (
    id uuid NOT NULL,
    visibility text,
    deleted boolean DEFAULT false NOT NULL,
    version_at timestamp with time zone,
    version_event_id uuid,
    revision integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    synced_at timestamp with time zone,
    CONSTRAINT villages_visibility_check CHECK ((visibility = ANY (ARRAY['public'::text, 'private'::text]))),
    CONSTRAINT villages_visibility_present_check CHECK ((deleted OR (visibility IS NOT NULL)))
);

--
-- Name: app_roles app_roles_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.app_roles
    ADD CONSTRAINT app_roles_pkey PRIMARY KEY (id);

--
-- Name: avatars avatars_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.avatars
    ADD CONSTRAINT avatars_pkey PRIMARY KEY (user_id);

--
-- Name: deleted_messages deleted_messages_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.deleted_messages
    ADD CONSTRAINT deleted_messages_pkey PRIMARY KEY (message_id);

--
-- Name: downloads downloads_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.downloads
    ADD CONSTRAINT downloads_pkey PRIMARY KEY (id);

--
-- Name: file_grants file_grants_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.file_grants
    ADD CONSTRAINT file_grants_pkey PRIMARY KEY (file_id, user_id, message_id);

--
-- Name: files files_object_key_key; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.files
    ADD CONSTRAINT files_object_key_key UNIQUE (object_key);

--
-- Name: files files_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.files
    ADD CONSTRAINT files_pkey PRIMARY KEY (id);

--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key);

--
-- Name: inbox inbox_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.inbox
    ADD CONSTRAINT inbox_pkey PRIMARY KEY (consumer, event_id);

--
-- Name: object_removals object_removals_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.object_removals
    ADD CONSTRAINT object_removals_pkey PRIMARY KEY (file_id);

--
-- Name: outbox outbox_id_key; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.outbox
    ADD CONSTRAINT outbox_id_key UNIQUE (id);

--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (seq);

--
-- Name: replica_bootstraps replica_bootstraps_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.replica_bootstraps
    ADD CONSTRAINT replica_bootstraps_pkey PRIMARY KEY (replica);

--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (id);

--
-- Name: settings settings_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.settings
    ADD CONSTRAINT settings_pkey PRIMARY KEY (scope);

--
-- Name: village_members village_members_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.village_members
    ADD CONSTRAINT village_members_pkey PRIMARY KEY (village_id, user_id);

--
-- Name: village_usage village_usage_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.village_usage
    ADD CONSTRAINT village_usage_pkey PRIMARY KEY (village_id);

--
-- Name: villages villages_pkey; Type: CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.villages
    ADD CONSTRAINT villages_pkey PRIMARY KEY (id);

--
-- Name: avatars_cleared_updated_at_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX avatars_cleared_updated_at_idx ON files.avatars USING btree (updated_at) WHERE (file_id IS NULL);

--
-- Name: avatars_file_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX avatars_file_idx ON files.avatars USING btree (file_id);

--
-- Name: deleted_messages_updated_at_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX deleted_messages_updated_at_idx ON files.deleted_messages USING btree (updated_at);

--
-- Name: downloads_file_at_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX downloads_file_at_idx ON files.downloads USING btree (file_id, downloaded_at DESC, id DESC);

--
-- Name: file_grants_message_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX file_grants_message_idx ON files.file_grants USING btree (message_id);

--
-- Name: files_pending_created_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX files_pending_created_idx ON files.files USING btree (created_at) WHERE (status = 'pending'::text);

--
-- Name: files_village_folder_name_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX files_village_folder_name_idx ON files.files USING btree (village_id, folder, sort_name, id) WHERE (status = 'ready'::text);

--
-- Name: idempotency_keys_created_at_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX idempotency_keys_created_at_idx ON files.idempotency_keys USING btree (created_at);

--
-- Name: inbox_consumer_processed_at_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX inbox_consumer_processed_at_idx ON files.inbox USING btree (consumer, processed_at);

--
-- Name: object_removals_updated_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX object_removals_updated_idx ON files.object_removals USING btree (updated_at);

--
-- Name: outbox_pending_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX outbox_pending_idx ON files.outbox USING btree (seq) WHERE (published_at IS NULL);

--
-- Name: outbox_published_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX outbox_published_idx ON files.outbox USING btree (published_at) WHERE (published_at IS NOT NULL);

--
-- Name: settings_tombstone_updated_at_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX settings_tombstone_updated_at_idx ON files.settings USING btree (updated_at) WHERE (version_at = 'infinity'::timestamp with time zone);

--
-- Name: village_members_user_id_village_id_idx; Type: INDEX; Schema: files; Owner: -
--

CREATE INDEX village_members_user_id_village_id_idx ON files.village_members USING btree (user_id, village_id) WHERE (NOT removed);

--
-- Name: avatars avatars_file_id_fkey; Type: FK CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.avatars
    ADD CONSTRAINT avatars_file_id_fkey FOREIGN KEY (file_id) REFERENCES files.files(id) ON DELETE SET NULL;

--
-- Name: downloads downloads_file_id_fkey; Type: FK CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.downloads
    ADD CONSTRAINT downloads_file_id_fkey FOREIGN KEY (file_id) REFERENCES files.files(id) ON DELETE CASCADE;

--
-- Name: file_grants file_grants_file_id_fkey; Type: FK CONSTRAINT; Schema: files; Owner: -
--

ALTER TABLE ONLY files.file_grants
    ADD CONSTRAINT file_grants_file_id_fkey FOREIGN KEY (file_id) REFERENCES files.files(id) ON DELETE CASCADE;

--
-- PostgreSQL database dump complete
--
