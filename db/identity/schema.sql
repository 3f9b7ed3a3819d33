--
-- PostgreSQL database dump
--

SELECT pg_catalog.set_config('search_path', '', false);

--
-- Name: identity; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA identity;

--
-- Name: claim_inbox(text, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.claim_inbox(p_consumer text, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into identity.inbox (consumer, event_id) values (p_consumer, p_event_id)
  on conflict do nothing;
  return found;
end;
$$;

--
-- Name: claim_outbox(integer, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.claim_outbox(p_limit integer, p_lease_ms integer) RETURNS TABLE(seq bigint, id uuid, type text, version integer, village_id uuid, actor_id uuid, data jsonb, occurred_at timestamp with time zone)
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  update identity.outbox o
     set claimed_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0)
   where o.seq in (
     select p.seq from identity.outbox p
      where p.published_at is null
        and (p.claimed_until is null or p.claimed_until < clock_timestamp())
      order by p.seq
      limit p_limit
      for update skip locked)
  returning o.seq, o.id, o.type, o.version, o.village_id, o.actor_id, o.data, o.occurred_at;
$$;

--
-- Name: count_pending_outbox(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.count_pending_outbox() RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select count(*) from identity.outbox where published_at is null;
$$;

--
-- Name: create_account(text, text, text, jsonb, bytea, integer, inet); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.create_account(p_email text, p_display_name text, p_password_hash text, p_sharing jsonb, p_refresh_token_hash bytea, p_refresh_token_ttl_seconds integer, p_client_ip inet DEFAULT NULL::inet) RETURNS TABLE(outcome text, session_id uuid, id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_user identity.users;
  v_session_id uuid;
begin
  insert into identity.users as u (email, display_name, sharing)
  values (p_email, p_display_name, coalesce(p_sharing, '{}'))
  on conflict (email) do nothing
  returning u.* into v_user;
  if v_user.id is null then
    raise exception using errcode = '23505', message = 'email_taken', detail = 'An account with this email already exists';
  end if;

  insert into identity.credentials (user_id, password_hash) values (v_user.id, p_password_hash);
  v_session_id := identity.open_session(v_user.id, p_refresh_token_hash, p_refresh_token_ttl_seconds, p_client_ip);

  perform identity.emit_event('identity.user.registered', 1, null, v_user.id,
    jsonb_build_object('userId', v_user.id, 'email', v_user.email, 'displayName', v_user.display_name));

  return query select * from identity.session_result('created', v_session_id, v_user.id);
end;
$$;

--
-- Name: create_session(uuid, bytea, integer, inet, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.create_session(p_user_id uuid, p_refresh_token_hash bytea, p_refresh_token_ttl_seconds integer, p_client_ip inet DEFAULT NULL::inet, p_clear_throttle_key text DEFAULT NULL::text) RETURNS TABLE(outcome text, session_id uuid, id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_session_id uuid;
begin
  -- The account may have been deleted while its password was being verified.
  perform 1 from identity.users u where u.id = p_user_id and u.status = 'active' for share;
  if not found then
    raise exception using errcode = 'P0002', message = 'invalid_credentials', detail = 'The account is gone';
  end if;

  v_session_id := identity.open_session(p_user_id, p_refresh_token_hash, p_refresh_token_ttl_seconds, p_client_ip);
  if p_clear_throttle_key is not null then
    delete from identity.login_throttles t where t.key = p_clear_throttle_key;
  end if;

  return query select * from identity.session_result('created', v_session_id, p_user_id);
end;
$$;

--
-- Name: delete_user(uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.delete_user(p_user_id uuid, p_session_id uuid) RETURNS TABLE(user_id uuid)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_session_id uuid;
begin
  perform 1
     from identity.users u
    where u.id = p_user_id and u.status = 'active'
      and exists (select 1 from identity.sessions s
                   where s.id = p_session_id and s.user_id = u.id and s.status = 'active')
      for update of u;
  if not found then
    return;
  end if;

  update identity.users u
     set email = null, display_name = 'Deleted user', avatar_file_id = null,
         contact = '{}', emergency = '{}', preferences = '{}', sharing = '{}', data = '{}',
         status = 'deleted', deleted_at = now(), updated_at = now()
   where u.id = p_user_id;

  delete from identity.credentials c where c.user_id = p_user_id;

  for v_session_id in
    select s.id from identity.sessions s where s.user_id = p_user_id and s.status = 'active'
  loop
    perform identity.end_session(v_session_id, 'account_deleted');
  end loop;

  perform identity.emit_event('identity.user.deleted', 1, null, p_user_id, jsonb_build_object('userId', p_user_id));

  return query select p_user_id;
end;
$$;

--
-- Name: emit_event(text, integer, uuid, uuid, jsonb); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.emit_event(p_type text, p_version integer, p_village_id uuid, p_actor_id uuid, p_data jsonb) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_id uuid := identity.uuid_v7();
begin
  insert into identity.outbox (id, type, version, village_id, actor_id, data)
  values (v_id, p_type, p_version, p_village_id, p_actor_id, p_data);
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('identity_outbox', '');
  return v_id;
end;
$$;

--
-- Name: end_session(uuid, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.end_session(p_session_id uuid, p_reason text) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  update identity.sessions
     set status = 'revoked', revoked_reason = p_reason, revoked_at = now(), updated_at = now()
   where id = p_session_id and status = 'active';
  update identity.refresh_tokens
     set status = 'revoked', updated_at = now()
   where session_id = p_session_id and status = 'active';
$$;

--
-- Name: ensure_signing_key(text, text, jsonb, jsonb, integer, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.ensure_signing_key(p_kid text, p_alg text, p_public_jwk jsonb, p_private_jwk jsonb, p_sign_seconds integer, p_verify_seconds integer) RETURNS TABLE(kid text, alg text, private_jwk jsonb, created_at timestamp with time zone, not_after timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  perform pg_advisory_xact_lock(hashtextextended('identity.signing_keys', 0));

  -- Keys out of the JWKS verify nothing any more: drop their private halves.
  delete from identity.signing_keys k where k.expires_at < now();

  return query
    select k.kid, k.alg, k.private_jwk, k.created_at, k.not_after
      from identity.signing_keys k
     where k.not_after > now()
     order by k.created_at desc, k.id desc
     limit 1;
  if found then
    return;
  end if;

  return query
    insert into identity.signing_keys as k (kid, alg, public_jwk, private_jwk, not_after, expires_at)
    values (p_kid, p_alg, p_public_jwk, p_private_jwk,
            now() + make_interval(secs => p_sign_seconds),
            now() + make_interval(secs => p_sign_seconds + p_verify_seconds))
    returning k.kid, k.alg, k.private_jwk, k.created_at, k.not_after;
end;
$$;

--
-- Name: find_login(text, text, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.find_login(p_email text, p_account_key text, p_ip_key text DEFAULT NULL::text) RETURNS TABLE(user_id uuid, password_hash text, account_failures integer, account_window_ends_at timestamp with time zone, ip_failures integer, ip_window_ends_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select u.id, c.password_hash,
         coalesce(a.failures, 0), a.window_ends_at,
         coalesce(i.failures, 0), i.window_ends_at
    from (select 1) as one
    left join identity.users u on u.email = p_email and u.status = 'active'
    left join identity.credentials c on c.user_id = u.id
    left join identity.login_throttles a on a.key = p_account_key and a.window_ends_at > now()
    left join identity.login_throttles i on i.key = p_ip_key and i.window_ends_at > now();
$$;

--
-- Name: uuid_v7(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.uuid_v7() RETURNS uuid
    LANGUAGE sql PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- 48-bit Unix milliseconds, then random bits; version nibble 7, RFC 9562 variant.
  select encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
        from 1 for 6),
      52, 1), 53, 1),
    'hex')::uuid;
$$;

--
-- Name: metadata_documents; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.metadata_documents (
    id uuid DEFAULT identity.uuid_v7() NOT NULL,
    scope text NOT NULL,
    key text NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    value jsonb NOT NULL,
    updated_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT metadata_documents_key_check CHECK ((key ~ '^[a-z0-9][a-z0-9_.-]{0,127}$'::text)),
    CONSTRAINT metadata_documents_scope_check CHECK (((scope = 'app'::text) OR (scope ~ '^(village|user):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'::text))),
    CONSTRAINT metadata_documents_value_size CHECK ((octet_length((value)::text) <= 524288)),
    CONSTRAINT metadata_documents_version_check CHECK ((version > 0))
);

--
-- Name: get_metadata(text, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_metadata(p_scope text, p_key text) RETURNS SETOF identity.metadata_documents
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from identity.metadata_documents where scope = p_scope and key = p_key;
$$;

--
-- Name: get_own_profile(uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_own_profile(p_user_id uuid, p_session_id uuid) RETURNS TABLE(id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
         u.preferences, u.sharing, u.data, u.created_at, u.updated_at
    from identity.users u
    join identity.sessions s on s.user_id = u.id and s.id = p_session_id and s.status = 'active'
   where u.id = p_user_id and u.status = 'active';
$$;

--
-- Name: get_user(uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_user(p_user_id uuid) RETURNS TABLE(id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
         u.preferences, u.sharing, u.data, u.created_at, u.updated_at
    from identity.users u
   where u.id = p_user_id and u.status = 'active';
$$;

--
-- Name: list_verification_keys(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.list_verification_keys() RETURNS TABLE(kid text, alg text, public_jwk jsonb, not_after timestamp with time zone, expires_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select k.kid, k.alg, k.public_jwk, k.not_after, k.expires_at
    from identity.signing_keys k
   where k.expires_at > now()
   order by k.created_at desc, k.id desc;
$$;

--
-- Name: mark_outbox_published(uuid[]); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.mark_outbox_published(p_ids uuid[]) RETURNS integer
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with done as (
    update identity.outbox set published_at = clock_timestamp(), claimed_until = null
     where id = any(p_ids) and published_at is null
    returning 1)
  select count(*)::integer from done;
$$;

--
-- Name: open_session(uuid, bytea, integer, inet); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.open_session(p_user_id uuid, p_refresh_token_hash bytea, p_refresh_token_ttl_seconds integer, p_client_ip inet) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_session_id uuid;
begin
  insert into identity.sessions (user_id, client_ip) values (p_user_id, p_client_ip)
  returning id into v_session_id;
  insert into identity.refresh_tokens (session_id, token_hash, expires_at)
  values (v_session_id, p_refresh_token_hash, now() + make_interval(secs => p_refresh_token_ttl_seconds));
  return v_session_id;
end;
$$;

--
-- Name: purge_inbox(timestamp with time zone); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.purge_inbox(p_processed_before timestamp with time zone) RETURNS integer
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with gone as (delete from identity.inbox where processed_at < p_processed_before returning 1)
  select count(*)::integer from gone;
$$;

--
-- Name: purge_outbox(timestamp with time zone); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.purge_outbox(p_published_before timestamp with time zone) RETURNS integer
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with gone as (
    delete from identity.outbox where published_at < p_published_before returning 1)
  select count(*)::integer from gone;
$$;

--
-- Name: record_login_failure(text[], integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.record_login_failure(p_keys text[], p_window_seconds integer) RETURNS TABLE(key text, failures integer, window_ends_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if p_window_seconds is null or p_window_seconds < 1 then
    raise exception using errcode = '22023', message = 'invalid', detail = 'p_window_seconds must be positive';
  end if;

  -- Bounded clean-up of windows long over, so the table holds only live counters.
  delete from identity.login_throttles t
   where t.key in (select o.key from identity.login_throttles o
                    where o.window_ends_at < now() - interval '1 hour'
                    order by o.window_ends_at limit 100
                    for update skip locked);

  return query
    insert into identity.login_throttles as t (key, failures, window_ends_at)
    select distinct k, 1, now() + make_interval(secs => p_window_seconds)
      from unnest(p_keys) as k
    on conflict (key) do update
       set failures = case when t.window_ends_at <= now() then 1 else t.failures + 1 end,
           window_ends_at = case when t.window_ends_at <= now() then excluded.window_ends_at else t.window_ends_at end,
           updated_at = now()
    returning t.key, t.failures, t.window_ends_at;
end;
$$;

--
-- Name: revoke_session(bytea); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.revoke_session(p_refresh_token_hash bytea) RETURNS TABLE(session_id uuid)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_session_id uuid;
begin
  select t.session_id into v_session_id from identity.refresh_tokens t where t.token_hash = p_refresh_token_hash;
  if not found then
    return;
  end if;
  perform identity.end_session(v_session_id, 'logout');
  return query select v_session_id;
end;
$$;

--
-- Name: rotate_refresh_token(bytea, bytea, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.rotate_refresh_token(p_refresh_token_hash bytea, p_new_refresh_token_hash bytea, p_refresh_token_ttl_seconds integer) RETURNS TABLE(outcome text, session_id uuid, id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_token_id uuid;
  v_token_status text;
  v_expires_at timestamptz;
  v_session_id uuid;
  v_session_status text;
  v_user_id uuid;
  v_user_status text;
begin
  -- Locks the token and its session: two refreshes with one token are serialised, so exactly
  -- one of them rotates and the other sees a rotated token.
  select t.id, t.status, t.expires_at, s.id, s.status, u.id, u.status
    into v_token_id, v_token_status, v_expires_at, v_session_id, v_session_status, v_user_id, v_user_status
    from identity.refresh_tokens t
    join identity.sessions s on s.id = t.session_id
    join identity.users u on u.id = s.user_id
   where t.token_hash = p_refresh_token_hash
   for update of t, s;

  if not found then
    return query select * from identity.session_result('unknown', null, null);
    return;
  end if;

  if v_token_status = 'rotated' then
    perform identity.end_session(v_session_id, 'token_reuse');
    return query select * from identity.session_result('reused', v_session_id, null);
    return;
  end if;

  if v_token_status = 'revoked' or v_session_status <> 'active' or v_user_status <> 'active' then
    return query select * from identity.session_result('revoked', v_session_id, null);
    return;
  end if;

  if v_expires_at <= now() then
    return query select * from identity.session_result('expired', v_session_id, null);
    return;
  end if;

  update identity.refresh_tokens t set status = 'rotated', updated_at = now() where t.id = v_token_id;
  insert into identity.refresh_tokens (session_id, token_hash, expires_at)
  values (v_session_id, p_new_refresh_token_hash, now() + make_interval(secs => p_refresh_token_ttl_seconds));
  update identity.sessions s set last_used_at = now(), updated_at = now() where s.id = v_session_id;

  return query select * from identity.session_result('rotated', v_session_id, v_user_id);
end;
$$;

--
-- Name: session_result(text, uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.session_result(p_outcome text, p_session_id uuid, p_user_id uuid) RETURNS TABLE(outcome text, session_id uuid, id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select p_outcome, p_session_id,
         u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
         u.preferences, u.sharing, u.data, u.created_at, u.updated_at
    from (select 1) as one
    left join identity.users u on u.id = p_user_id;
$$;

--
-- Name: update_profile(uuid, uuid, text, uuid, boolean, jsonb, jsonb, jsonb, jsonb, jsonb); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.update_profile(p_user_id uuid, p_session_id uuid, p_display_name text DEFAULT NULL::text, p_avatar_file_id uuid DEFAULT NULL::uuid, p_clear_avatar boolean DEFAULT false, p_contact jsonb DEFAULT NULL::jsonb, p_emergency jsonb DEFAULT NULL::jsonb, p_preferences jsonb DEFAULT NULL::jsonb, p_sharing jsonb DEFAULT NULL::jsonb, p_data jsonb DEFAULT NULL::jsonb) RETURNS TABLE(id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_old identity.users;
  v_new identity.users;
  v_changed text[] := '{}';
begin
  select u.* into v_old
    from identity.users u
   where u.id = p_user_id and u.status = 'active'
     and exists (select 1 from identity.sessions s
                  where s.id = p_session_id and s.user_id = u.id and s.status = 'active')
     for update of u;
  if not found then
    return;
  end if;

  v_new := v_old;
  v_new.display_name := coalesce(p_display_name, v_old.display_name);
  v_new.avatar_file_id := case when p_clear_avatar then null else coalesce(p_avatar_file_id, v_old.avatar_file_id) end;
  v_new.contact := coalesce(p_contact, v_old.contact);
  v_new.emergency := coalesce(p_emergency, v_old.emergency);
  v_new.preferences := coalesce(p_preferences, v_old.preferences);
  v_new.sharing := v_old.sharing || coalesce(p_sharing, '{}');
  v_new.data := coalesce(p_data, v_old.data);

  if v_new.display_name is distinct from v_old.display_name then v_changed := array_append(v_changed, 'displayName'); end if;
  if v_new.avatar_file_id is distinct from v_old.avatar_file_id then v_changed := array_append(v_changed, 'avatarFileId'); end if;
  if v_new.contact is distinct from v_old.contact then v_changed := array_append(v_changed, 'contact'); end if;
  if v_new.emergency is distinct from v_old.emergency then v_changed := array_append(v_changed, 'emergency'); end if;
  if v_new.preferences is distinct from v_old.preferences then v_changed := array_append(v_changed, 'preferences'); end if;
  if v_new.sharing is distinct from v_old.sharing then v_changed := array_append(v_changed, 'sharing'); end if;
  if v_new.data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;

  if cardinality(v_changed) > 0 then
    update identity.users u
       set display_name = v_new.display_name,
           avatar_file_id = v_new.avatar_file_id,
           contact = v_new.contact,
           emergency = v_new.emergency,
           preferences = v_new.preferences,
           sharing = v_new.sharing,
           data = v_new.data,
           updated_at = now()
     where u.id = p_user_id
    returning u.* into v_new;

    perform identity.emit_event('identity.user.profile_updated', 1, null, p_user_id,
      jsonb_build_object('userId', p_user_id, 'changed', to_jsonb(v_changed),
                         'displayName', v_new.display_name, 'avatarFileId', v_new.avatar_file_id));
  end if;

  return query select v_new.id, v_new.email, v_new.display_name, v_new.avatar_file_id, v_new.contact,
                      v_new.emergency, v_new.preferences, v_new.sharing, v_new.data,
                      v_new.created_at, v_new.updated_at;
end;
$$;

--
-- Name: credentials; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.credentials (
    id uuid DEFAULT identity.uuid_v7() NOT NULL,
    user_id uuid NOT NULL,
    password_hash text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT credentials_argon2id CHECK ((password_hash ~~ '$argon2id$%'::text))
);

--
-- Name: inbox; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.inbox (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    processed_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

--
-- Name: login_throttles; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.login_throttles (
    key text NOT NULL,
    failures integer NOT NULL,
    window_ends_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT login_throttles_failures_check CHECK ((failures > 0)),
    CONSTRAINT login_throttles_key_check CHECK (((char_length(key) >= 3) AND (char_length(key) <= 300)))
);

--
-- Name: outbox; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.outbox (
    seq bigint NOT NULL,
    id uuid NOT NULL,
    type text NOT NULL,
    version integer NOT NULL,
    village_id uuid,
    actor_id uuid,
    data jsonb NOT NULL,
    occurred_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    claimed_until timestamp with time zone,
    published_at timestamp with time zone,
    CONSTRAINT outbox_version_check CHECK ((version > 0))
);

--
-- Name: outbox_seq_seq; Type: SEQUENCE; Schema: identity; Owner: -
--

ALTER TABLE identity.outbox ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME identity.outbox_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: refresh_tokens; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.refresh_tokens (
    id uuid DEFAULT identity.uuid_v7() NOT NULL,
    session_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT refresh_tokens_expiry_check CHECK ((expires_at > created_at)),
    CONSTRAINT refresh_tokens_hash_length CHECK ((octet_length(token_hash) = 32)),
    CONSTRAINT refresh_tokens_status_check CHECK ((status = ANY (ARRAY['active'::text, 'rotated'::text, 'revoked'::text])))
);

--
-- Name: schema_migrations; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.schema_migrations (
    id text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: sessions; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.sessions (
    id uuid DEFAULT identity.uuid_v7() NOT NULL,
    user_id uuid NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    revoked_reason text,
    client_ip inet,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    last_used_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT sessions_revoked_check CHECK (((status = 'revoked'::text) = ((revoked_at IS NOT NULL) AND (revoked_reason IS NOT NULL)))),
    CONSTRAINT sessions_revoked_reason_check CHECK ((revoked_reason = ANY (ARRAY['logout'::text, 'token_reuse'::text, 'account_deleted'::text]))),
    CONSTRAINT sessions_status_check CHECK ((status = ANY (ARRAY['active'::text, 'revoked'::text])))
);

--
-- Name: signing_keys; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.signing_keys (
    id uuid DEFAULT identity.uuid_v7() NOT NULL,
    kid text NOT NULL,
    alg text NOT NULL,
    public_jwk jsonb NOT NULL,
    private_jwk jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    not_after timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    CONSTRAINT signing_keys_alg_check CHECK ((alg = 'EdDSA'::text)),
    CONSTRAINT signing_keys_kid_check CHECK (((char_length(kid) >= 8) AND (char_length(kid) <= 64))),
    CONSTRAINT signing_keys_private_jwk_check CHECK ((private_jwk ? 'd'::text)),
    CONSTRAINT signing_keys_public_jwk_check CHECK ((jsonb_typeof(public_jwk) = 'object'::text)),
    CONSTRAINT signing_keys_window_check CHECK (((not_after > created_at) AND (expires_at >= not_after)))
);

--
-- Name: users; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.users (
    id uuid DEFAULT identity.uuid_v7() NOT NULL,
    email text,
    status text DEFAULT 'active'::text NOT NULL,
    display_name text NOT NULL,
    avatar_file_id uuid,
    contact jsonb DEFAULT '{}'::jsonb NOT NULL,
    emergency jsonb DEFAULT '{}'::jsonb NOT NULL,
    preferences jsonb DEFAULT '{}'::jsonb NOT NULL,
    sharing jsonb DEFAULT '{}'::jsonb NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT users_active_email_check CHECK (((status = 'deleted'::text) OR (email IS NOT NULL))),
    CONSTRAINT users_contact_object CHECK ((jsonb_typeof(contact) = 'object'::text)),
    CONSTRAINT users_data_object CHECK (((jsonb_typeof(data) = 'object'::text) AND (octet_length((data)::text) <= 131072))),
    CONSTRAINT users_deleted_check CHECK (((status = 'deleted'::text) = (deleted_at IS NOT NULL))),
    CONSTRAINT users_display_name_check CHECK (((char_length(display_name) >= 1) AND (char_length(display_name) <= 100))),
    CONSTRAINT users_email_lower CHECK (((email = lower(email)) AND ((char_length(email) >= 3) AND (char_length(email) <= 254)))),
    CONSTRAINT users_emergency_object CHECK ((jsonb_typeof(emergency) = 'object'::text)),
    CONSTRAINT users_preferences_object CHECK (((jsonb_typeof(preferences) = 'object'::text) AND (octet_length((preferences)::text) <= 131072))),
    CONSTRAINT users_sharing_object CHECK ((jsonb_typeof(sharing) = 'object'::text)),
    CONSTRAINT users_status_check CHECK ((status = ANY (ARRAY['active'::text, 'deleted'::text])))
);

--
-- Name: credentials credentials_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.credentials
    ADD CONSTRAINT credentials_pkey PRIMARY KEY (id);

--
-- Name: credentials credentials_user_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.credentials
    ADD CONSTRAINT credentials_user_key UNIQUE (user_id);

--
-- Name: inbox inbox_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.inbox
    ADD CONSTRAINT inbox_pkey PRIMARY KEY (consumer, event_id);

--
-- Name: login_throttles login_throttles_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.login_throttles
    ADD CONSTRAINT login_throttles_pkey PRIMARY KEY (key);

--
-- Name: metadata_documents metadata_documents_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.metadata_documents
    ADD CONSTRAINT metadata_documents_pkey PRIMARY KEY (id);

--
-- Name: metadata_documents metadata_documents_scope_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.metadata_documents
    ADD CONSTRAINT metadata_documents_scope_key UNIQUE (scope, key);

--
-- Name: outbox outbox_id_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.outbox
    ADD CONSTRAINT outbox_id_key UNIQUE (id);

--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (seq);

--
-- Name: refresh_tokens refresh_tokens_hash_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.refresh_tokens
    ADD CONSTRAINT refresh_tokens_hash_key UNIQUE (token_hash);

--
-- Name: refresh_tokens refresh_tokens_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.refresh_tokens
    ADD CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id);

--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (id);

--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);

--
-- Name: signing_keys signing_keys_kid_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.signing_keys
    ADD CONSTRAINT signing_keys_kid_key UNIQUE (kid);

--
-- Name: signing_keys signing_keys_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.signing_keys
    ADD CONSTRAINT signing_keys_pkey PRIMARY KEY (id);

--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.users
    ADD CONSTRAINT users_email_key UNIQUE (email);

--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

--
-- Name: inbox_processed_at_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX inbox_processed_at_idx ON identity.inbox USING btree (processed_at);

--
-- Name: login_throttles_window_ends_at_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX login_throttles_window_ends_at_idx ON identity.login_throttles USING btree (window_ends_at);

--
-- Name: outbox_pending_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX outbox_pending_idx ON identity.outbox USING btree (seq) WHERE (published_at IS NULL);

--
-- Name: outbox_published_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX outbox_published_idx ON identity.outbox USING btree (published_at) WHERE (published_at IS NOT NULL);

--
-- Name: refresh_tokens_session_created_at_id_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX refresh_tokens_session_created_at_id_idx ON identity.refresh_tokens USING btree (session_id, created_at, id);

--
-- Name: sessions_user_created_at_id_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX sessions_user_created_at_id_idx ON identity.sessions USING btree (user_id, created_at, id);

--
-- Name: signing_keys_expires_at_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX signing_keys_expires_at_idx ON identity.signing_keys USING btree (expires_at);

--
-- Name: signing_keys_not_after_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX signing_keys_not_after_idx ON identity.signing_keys USING btree (not_after);

--
-- Name: users_created_at_id_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX users_created_at_id_idx ON identity.users USING btree (created_at, id);

--
-- Name: credentials credentials_user_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.credentials
    ADD CONSTRAINT credentials_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;

--
-- Name: metadata_documents metadata_documents_updated_by_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.metadata_documents
    ADD CONSTRAINT metadata_documents_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES identity.users(id) ON DELETE SET NULL;

--
-- Name: refresh_tokens refresh_tokens_session_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.refresh_tokens
    ADD CONSTRAINT refresh_tokens_session_id_fkey FOREIGN KEY (session_id) REFERENCES identity.sessions(id) ON DELETE CASCADE;

--
-- Name: sessions sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.sessions
    ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;

--
-- PostgreSQL database dump complete
--
