--
-- PostgreSQL database dump
--

SELECT pg_catalog.set_config('search_path', '', false);

--
-- Name: identity; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA identity;

--
-- Name: accept_invitation(bytea, uuid, uuid, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.accept_invitation(p_token_hash bytea, p_invitation_id uuid, p_user_id uuid, p_inviter_role text) RETURNS TABLE(outcome text, invitation_id uuid, village_id uuid, user_id uuid, role text, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_open record;
  v_membership identity.memberships;
begin
  select * into v_open from identity.open_invitation(p_token_hash, p_invitation_id, p_user_id);
  if v_open.outcome = 'ok' and not identity.inviter_role_is(v_open.invitation, p_inviter_role) then
    v_open.outcome := 'inviter_changed';
  end if;
  if v_open.outcome <> 'ok' then
    return query select v_open.outcome, (v_open.invitation).id, (v_open.invitation).village_id, null::uuid,
                        null::text, null::timestamptz, null::timestamptz;
    return;
  end if;
  v_membership := identity.use_invitation(v_open.invitation, p_user_id);
  return query select 'accepted'::text, (v_open.invitation).id, v_membership.village_id, v_membership.user_id,
                      v_membership.role, v_membership.created_at, v_membership.updated_at;
end;
$$;

--
-- Name: add_member(uuid, uuid, text, uuid, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.add_member(p_village_id uuid, p_actor_id uuid, p_actor_role text, p_user_id uuid, p_role text) RETURNS TABLE(village_id uuid, user_id uuid, role text, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_membership identity.memberships;
begin
  perform identity.lock_village(p_village_id, true, p_actor_id, p_actor_role);
  v_membership := identity.insert_membership(p_village_id, p_user_id, p_role, 'added', p_actor_id);
  return query select v_membership.village_id, v_membership.user_id, v_membership.role,
                      v_membership.created_at, v_membership.updated_at;
end;
$$;

--
-- Name: assert_contact_link(uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.assert_contact_link(p_village_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  perform 1 from identity.memberships m
   where m.village_id = p_village_id and m.user_id = p_user_id
     for share;
  if not found then
    raise exception using errcode = '23503', message = 'invalid',
      detail = 'userId: a contact can only be linked to a member of its village';
  end if;
end;
$$;

--
-- Name: auto_join_villages(uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.auto_join_villages(p_user_id uuid) RETURNS TABLE(village_id uuid)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_village_id uuid;
begin
  for v_village_id in
    select v.id from identity.villages v where v.auto_join order by v.id for update
  loop
    if not exists (select 1 from identity.memberships m where m.village_id = v_village_id and m.user_id = p_user_id) then
      perform identity.insert_membership(v_village_id, p_user_id, 'member', 'auto_join', p_user_id);
      return query select v_village_id;
    end if;
  end loop;
end;
$$;

--
-- Name: change_member_role(uuid, uuid, text, uuid, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.change_member_role(p_village_id uuid, p_actor_id uuid, p_actor_role text, p_user_id uuid, p_role text) RETURNS TABLE(village_id uuid, user_id uuid, role text, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_membership identity.memberships;
  v_previous text;
begin
  perform identity.lock_village(p_village_id, true, p_actor_id, p_actor_role);
  select m.* into v_membership from identity.memberships m
   where m.village_id = p_village_id and m.user_id = p_user_id for update;
  if v_membership.village_id is null then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such member';
  end if;
  v_previous := v_membership.role;
  if v_previous <> p_role then
    if v_previous = 'owner' and identity.is_last_owner(p_village_id, p_user_id) then
      raise exception using errcode = '23514', message = 'conflict', detail = 'The last owner cannot be demoted; make another member owner first';
    end if;
    update identity.memberships m set role = p_role, updated_at = now()
     where m.village_id = p_village_id and m.user_id = p_user_id
    returning m.* into v_membership;
    perform identity.emit_event('identity.membership.role_changed', 1, p_village_id, p_actor_id,
      jsonb_build_object('villageId', p_village_id, 'userId', p_user_id, 'role', p_role, 'previousRole', v_previous));
  end if;
  return query select v_membership.village_id, v_membership.user_id, v_membership.role,
                      v_membership.created_at, v_membership.updated_at;
end;
$$;

--
-- Name: claim_idempotency_key(uuid, text, text, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.claim_idempotency_key(p_user_id uuid, p_key text, p_fingerprint text, p_ttl_seconds integer) RETURNS TABLE(fingerprint text, response jsonb)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  -- A key past its lifetime is free again.
  delete from identity.idempotency_keys k
   where k.user_id = p_user_id and k.key = p_key
     and k.created_at < clock_timestamp() - make_interval(secs => p_ttl_seconds);
  insert into identity.idempotency_keys (user_id, key, fingerprint)
  values (p_user_id, p_key, p_fingerprint)
  on conflict do nothing;
  if found then
    return;
  end if;
  return query
    select k.fingerprint, k.response from identity.idempotency_keys k
     where k.user_id = p_user_id and k.key = p_key;
end;
$$;

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
-- Name: claim_inbox_batch(text, uuid[]); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.claim_inbox_batch(p_consumer text, p_event_ids uuid[]) RETURNS SETOF uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  insert into identity.inbox (consumer, event_id)
  select p_consumer, e.id from unnest(p_event_ids) as e(id)
  on conflict do nothing
  returning event_id;
end;
$$;

--
-- Name: complete_idempotency_key(uuid, text, jsonb); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.complete_idempotency_key(p_user_id uuid, p_key text, p_response jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update identity.idempotency_keys set response = p_response where user_id = p_user_id and key = p_key;
end;
$$;

--
-- Name: uuid_v7(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.uuid_v7() RETURNS uuid
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
-- Name: contacts; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.contacts (
    id uuid DEFAULT identity.uuid_v7() NOT NULL,
    village_id uuid NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    info jsonb DEFAULT '{}'::jsonb NOT NULL,
    notes text DEFAULT ''::text NOT NULL,
    user_id uuid,
    created_by uuid,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT contacts_data_object CHECK (((jsonb_typeof(data) = 'object'::text) AND (octet_length((data)::text) <= 131072))),
    CONSTRAINT contacts_info_object CHECK ((jsonb_typeof(info) = 'object'::text)),
    CONSTRAINT contacts_kind_check CHECK (((char_length(kind) >= 1) AND (char_length(kind) <= 50))),
    CONSTRAINT contacts_name_check CHECK (((char_length(name) >= 1) AND (char_length(name) <= 200))),
    CONSTRAINT contacts_notes_check CHECK ((char_length(notes) <= 4000))
);

--
-- Name: contact_event_fields(identity.contacts); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.contact_event_fields(p_contact identity.contacts) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return jsonb_build_object('contactId', p_contact.id, 'villageId', p_contact.village_id,
  'name', p_contact.name, 'kind', p_contact.kind, 'info', p_contact.info,
  'notes', p_contact.notes, 'userId', p_contact.user_id, 'data', p_contact.data);
end;
$$;

--
-- Name: contact_result(identity.contacts); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.contact_result(p_contact identity.contacts) RETURNS TABLE(id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb, created_by uuid, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select p_contact.id, p_contact.village_id, p_contact.name, p_contact.kind, p_contact.info, p_contact.notes,
  p_contact.user_id, p_contact.data, p_contact.created_by, p_contact.created_at, p_contact.updated_at,
  -- Microsecond precision, so a cursor built from it skips and repeats nothing.
  to_char(p_contact.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
end;
$$;

--
-- Name: contains_pattern(text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.contains_pattern(p_q text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return case when p_q is null then null
  else '%' || replace(replace(replace(lower(p_q), '\', '\\'), '%', '\%'), '_', '\_') || '%' end;
end;
$$;

--
-- Name: count_pending_outbox(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.count_pending_outbox() RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result bigint;
begin
  select count(*) from identity.outbox where published_at is null
    into v_result;
  return v_result;
end;
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
-- Name: create_contact(uuid, uuid, text, text, jsonb, text, uuid, jsonb); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.create_contact(p_village_id uuid, p_actor_id uuid, p_name text, p_kind text, p_info jsonb DEFAULT '{}'::jsonb, p_notes text DEFAULT ''::text, p_user_id uuid DEFAULT NULL::uuid, p_data jsonb DEFAULT '{}'::jsonb) RETURNS TABLE(id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb, created_by uuid, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_contact identity.contacts;
begin
  if p_user_id is not null then
    perform identity.assert_contact_link(p_village_id, p_user_id);
  end if;

  insert into identity.contacts as c (village_id, name, kind, info, notes, user_id, created_by, data)
  values (p_village_id, p_name, p_kind, coalesce(p_info, '{}'), coalesce(p_notes, ''), p_user_id, p_actor_id,
          coalesce(p_data, '{}'))
  returning c.* into v_contact;

  perform identity.emit_event('identity.contact.created', 1, p_village_id, p_actor_id,
    identity.contact_event_fields(v_contact));
  if v_contact.user_id is not null then
    perform identity.emit_event('identity.contact.linked', 1, p_village_id, p_actor_id,
      jsonb_build_object('contactId', v_contact.id, 'villageId', p_village_id, 'userId', v_contact.user_id));
  end if;

  return query select * from identity.contact_result(v_contact);
end;
$$;

--
-- Name: create_invitation(uuid, text, text, text, integer, integer, uuid, bytea, bytea); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.create_invitation(p_village_id uuid, p_email text, p_role text, p_message text, p_max_uses integer, p_ttl_seconds integer, p_invited_by uuid, p_token_hash bytea, p_token_salt bytea) RETURNS TABLE(id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text, max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamp with time zone, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_invitation identity.invitations;
  v_id uuid;
begin
  v_invitation.village_id := p_village_id;
  v_invitation.email := p_email;
  v_invitation.role := p_role;
  v_invitation.message := p_message;
  v_invitation.max_uses := p_max_uses;
  v_invitation.invited_by := p_invited_by;
  -- Its own statement, so that the read below sees the row.
  v_id := identity.insert_invitation(v_invitation, p_ttl_seconds, p_token_hash, p_token_salt);
  return query select * from identity.invitation_result(v_id);
end;
$$;

--
-- Name: create_member_invitation(uuid, uuid, text, integer, uuid, bytea, bytea); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.create_member_invitation(p_village_id uuid, p_user_id uuid, p_role text, p_ttl_seconds integer, p_invited_by uuid, p_token_hash bytea, p_token_salt bytea) RETURNS TABLE(id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text, max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamp with time zone, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_pending identity.invitations;
  v_invitation identity.invitations;
  v_id uuid;
begin
  perform 1 from identity.users u where u.id = p_user_id and u.status = 'active' for share;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such user';
  end if;
  select i.* into v_pending from identity.invitations i
   where i.village_id = p_village_id and i.invitee_user_id = p_user_id and i.status = 'pending'
   for update;
  if v_pending.id is not null and v_pending.expires_at <= now() then
    perform identity.expire_invitation(v_pending);
  elsif v_pending.id is not null then
    raise exception using errcode = '23505', message = 'conflict',
      detail = 'The user already has a pending invitation to this village';
  end if;

  v_invitation.village_id := p_village_id;
  v_invitation.invitee_user_id := p_user_id;
  v_invitation.role := p_role;
  v_invitation.max_uses := 1;
  v_invitation.invited_by := p_invited_by;
  v_id := identity.insert_invitation(v_invitation, p_ttl_seconds, p_token_hash, p_token_salt);
  return query select * from identity.invitation_result(v_id);
exception
  -- A concurrent invitation of the same account committed first.
  when unique_violation then
    raise exception using errcode = '23505', message = 'conflict',
      detail = 'The user already has a pending invitation to this village';
end;
$$;

--
-- Name: create_session(uuid, bytea, integer, inet, text[]); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.create_session(p_user_id uuid, p_refresh_token_hash bytea, p_refresh_token_ttl_seconds integer, p_client_ip inet DEFAULT NULL::inet, p_clear_throttle_keys text[] DEFAULT '{}'::text[]) RETURNS TABLE(outcome text, session_id uuid, id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
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
  delete from identity.login_throttles t where t.key = any (coalesce(p_clear_throttle_keys, '{}'));

  return query select * from identity.session_result('created', v_session_id, p_user_id);
end;
$$;

--
-- Name: create_village(uuid, text, text, text, jsonb); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.create_village(p_actor_id uuid, p_name text, p_visibility text, p_description text DEFAULT ''::text, p_data jsonb DEFAULT '{}'::jsonb) RETURNS TABLE(id uuid, name text, description text, visibility text, fixed_key text, member_count integer, my_role text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_village identity.villages;
begin
  perform 1 from identity.users u where u.id = p_actor_id and u.status = 'active' for share;
  if not found then
    raise exception using errcode = 'P0002', message = 'unauthenticated', detail = 'This account no longer exists';
  end if;
  insert into identity.villages as v (name, description, visibility, data, member_count)
  values (p_name, coalesce(p_description, ''), p_visibility, coalesce(p_data, '{}'), 1)
  returning v.* into v_village;
  insert into identity.memberships (village_id, user_id, role) values (v_village.id, p_actor_id, 'owner');

  perform identity.emit_event('identity.village.created', 1, v_village.id, p_actor_id,
    jsonb_build_object('villageId', v_village.id, 'name', v_village.name, 'visibility', v_village.visibility,
                       'fixedKey', null, 'ownerId', p_actor_id, 'ownerRole', 'owner'));
  perform identity.emit_event('identity.membership.added', 1, v_village.id, p_actor_id,
    jsonb_build_object('villageId', v_village.id, 'userId', p_actor_id, 'role', 'owner', 'via', 'created'));

  return query select * from identity.village_result(v_village.id, p_actor_id);
end;
$$;

--
-- Name: decline_invitation(bytea, uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.decline_invitation(p_token_hash bytea, p_invitation_id uuid, p_user_id uuid) RETURNS TABLE(outcome text, invitation_id uuid)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_open record;
begin
  select * into v_open from identity.open_invitation(p_token_hash, p_invitation_id, p_user_id);
  if v_open.outcome <> 'ok' then
    return query select v_open.outcome, (v_open.invitation).id;
    return;
  end if;
  update identity.invitations i set status = 'declined', closed_at = now(), updated_at = now()
   where i.id = (v_open.invitation).id;
  update identity.invitation_tokens t set status = 'superseded', updated_at = now()
   where t.invitation_id = (v_open.invitation).id and t.status = 'active';
  perform identity.emit_event('identity.invitation.declined', 1, (v_open.invitation).village_id, p_user_id,
    jsonb_build_object('invitationId', (v_open.invitation).id, 'villageId', (v_open.invitation).village_id,
                       'email', (v_open.invitation).email, 'userId', p_user_id));
  return query select 'declined'::text, (v_open.invitation).id;
end;
$$;

--
-- Name: delete_contact(uuid, uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.delete_contact(p_village_id uuid, p_contact_id uuid, p_actor_id uuid) RETURNS TABLE(contact_id uuid)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_id uuid;
begin
  delete from identity.contacts c
   where c.id = p_contact_id and c.village_id = p_village_id
  returning c.id into v_id;
  if not found then
    return;
  end if;
  perform identity.emit_event('identity.contact.deleted', 1, p_village_id, p_actor_id,
    jsonb_build_object('contactId', v_id, 'villageId', p_village_id));
  return query select v_id;
end;
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
-- Name: delete_metadata(text, text, uuid, integer[], boolean); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.delete_metadata(p_scope text, p_key text, p_actor_id uuid, p_if_match integer[] DEFAULT NULL::integer[], p_if_exists boolean DEFAULT false) RETURNS SETOF identity.metadata_documents
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_doc identity.metadata_documents;
begin
  delete from identity.metadata_documents d
   where d.scope = p_scope and d.key = p_key and (p_if_match is null or d.version = any (p_if_match))
  returning d.* into v_doc;
  if not found then
    if p_if_match is not null or p_if_exists then
      raise exception using errcode = '55000', message = 'precondition_failed',
        detail = 'The document does not exist or is not at a version given in If-Match';
    end if;
    return;
  end if;

  perform identity.emit_metadata_updated(v_doc, true, p_actor_id);
  return next v_doc;
end;
$$;

--
-- Name: delete_user(uuid, uuid, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.delete_user(p_user_id uuid, p_session_id uuid, p_access_token_ttl_seconds integer) RETURNS TABLE(user_id uuid)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_session_id uuid;
  v_village_id uuid;
  v_blocking text;
begin
  perform 1 from identity.villages v
   where v.id in (select m.village_id from identity.memberships m where m.user_id = p_user_id)
   order by v.id
     for update;

  perform 1
     from identity.users u
    where u.id = p_user_id and u.status = 'active'
      and exists (select 1 from identity.sessions s
                   where s.id = p_session_id and s.user_id = u.id and s.status = 'active')
      for update of u;
  if not found then
    return;
  end if;

  select string_agg(v.name, ', ' order by v.name) into v_blocking
    from identity.memberships m
    join identity.villages v on v.id = m.village_id
   where m.user_id = p_user_id and identity.is_last_owner(m.village_id, p_user_id);
  if v_blocking is not null then
    raise exception using errcode = '23514', message = 'conflict',
      detail = 'You are the last owner of: ' || v_blocking || '. Make another member owner or delete the village first';
  end if;

  for v_village_id in
    select m.village_id from identity.memberships m where m.user_id = p_user_id order by m.village_id
  loop
    perform identity.end_membership(v_village_id, p_user_id, 'account_deleted', p_user_id);
  end loop;

  update identity.users u
     set email = null, display_name = 'Deleted user', avatar_file_id = null,
         contact = '{}', emergency = '{}', preferences = '{}', sharing = '{}', data = '{}',
         status = 'deleted', deleted_at = now(), updated_at = now()
   where u.id = p_user_id;

  delete from identity.credentials c where c.user_id = p_user_id;

  for v_session_id in
    select s.id from identity.sessions s where s.user_id = p_user_id and s.status = 'active' order by s.id
  loop
    perform identity.end_session(v_session_id, 'account_deleted', p_access_token_ttl_seconds);
  end loop;

  perform identity.emit_event('identity.user.deleted', 1, null, p_user_id, jsonb_build_object('userId', p_user_id));

  return query select p_user_id;
end;
$$;

--
-- Name: delete_user_metadata(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.delete_user_metadata() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  delete from identity.metadata_documents d where d.scope = 'user:' || new.id::text;
  return null;
end;
$$;

--
-- Name: delete_village(uuid, uuid, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.delete_village(p_village_id uuid, p_actor_id uuid, p_actor_role text) RETURNS TABLE(village_id uuid)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_user_id uuid;
begin
  perform identity.lock_village(p_village_id, true, p_actor_id, p_actor_role);
  for v_user_id in
    select m.user_id from identity.memberships m where m.village_id = p_village_id order by m.created_at, m.user_id
  loop
    perform identity.end_membership(p_village_id, v_user_id, 'village_deleted', p_actor_id);
  end loop;
  delete from identity.villages v where v.id = p_village_id;
  perform identity.emit_event('identity.village.deleted', 1, p_village_id, p_actor_id,
    jsonb_build_object('villageId', p_village_id));
  return query select p_village_id;
end;
$$;

--
-- Name: delete_village_metadata(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.delete_village_metadata() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  delete from identity.metadata_documents d where d.scope = 'village:' || old.id::text;
  return null;
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
  insert into identity.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  select v_id, p_type, p_version, p_village_id, p_actor_id, p_data, c.request_id, c.traceparent
    from identity.outbox_request_context() as c;
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('identity_outbox', '');
  return v_id;
end;
$$;

--
-- Name: emit_events(text, integer, uuid[], uuid[], jsonb[]); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.emit_events(p_type text, p_version integer, p_village_ids uuid[], p_actor_ids uuid[], p_data jsonb[]) RETURNS integer
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
  insert into identity.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  select identity.uuid_v7(), p_type, p_version, e.village_id, e.actor_id, e.data, c.request_id, c.traceparent
    from unnest(p_village_ids, p_actor_ids, p_data) with ordinality as e(village_id, actor_id, data, ord)
   cross join identity.outbox_request_context() as c
   order by e.ord;
  get diagnostics v_count = row_count;
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('identity_outbox', '');
  return v_count;
end;
$$;

--
-- Name: emit_metadata_updated(identity.metadata_documents, boolean, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.emit_metadata_updated(p_doc identity.metadata_documents, p_deleted boolean, p_actor_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_village_id uuid := identity.metadata_village_id(p_doc.scope);
  v_data jsonb;
begin
  v_data := jsonb_build_object('scope', p_doc.scope, 'key', p_doc.key, 'version', p_doc.version,
                               'deleted', p_deleted, 'villageId', v_village_id);
  if p_doc.scope not like 'user:%' then
    v_data := v_data || jsonb_build_object('value', case when p_deleted then 'null'::jsonb else p_doc.value end);
  end if;
  perform identity.emit_event('identity.metadata.updated', 1, v_village_id, p_actor_id, v_data);
end;
$$;

--
-- Name: end_membership(uuid, uuid, text, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.end_membership(p_village_id uuid, p_user_id uuid, p_reason text, p_actor_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_role text;
begin
  delete from identity.memberships m where m.village_id = p_village_id and m.user_id = p_user_id
  returning m.role into v_role;
  if v_role is null then
    return false;
  end if;
  update identity.villages v set member_count = v.member_count - 1 where v.id = p_village_id;
  perform identity.emit_event('identity.membership.removed', 1, p_village_id, p_actor_id,
    jsonb_build_object('villageId', p_village_id, 'userId', p_user_id, 'role', v_role, 'reason', p_reason));
  return true;
end;
$$;

--
-- Name: end_session(uuid, text, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.end_session(p_session_id uuid, p_reason text, p_access_token_ttl_seconds integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_user_id uuid;
begin
  if p_access_token_ttl_seconds is null or p_access_token_ttl_seconds < 1 then
    raise exception using errcode = '22023', message = 'invalid', detail = 'p_access_token_ttl_seconds must be positive';
  end if;
  update identity.sessions s
     set status = 'revoked', revoked_reason = p_reason, revoked_at = now(), updated_at = now()
   where s.id = p_session_id and s.status = 'active'
  returning s.user_id into v_user_id;
  update identity.refresh_tokens t
     set status = 'revoked', updated_at = now()
   where t.session_id = p_session_id and t.status = 'active';
  if v_user_id is not null then
    perform identity.emit_event('identity.session.revoked', 1, null, v_user_id,
      jsonb_build_object('userId', v_user_id, 'sessionId', p_session_id, 'reason', p_reason,
        'accessTokensExpireBy', to_char(
          (date_trunc('second', clock_timestamp()) + make_interval(secs => p_access_token_ttl_seconds + 61))
            at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')));
  end if;
end;
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
-- Name: invitations; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.invitations (
    id uuid DEFAULT identity.uuid_v7() NOT NULL,
    village_id uuid NOT NULL,
    email text,
    role text NOT NULL,
    message text,
    max_uses integer DEFAULT 1 NOT NULL,
    uses integer DEFAULT 0 NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    invited_by uuid,
    token_version integer DEFAULT 1 NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    closed_at timestamp with time zone,
    invitee_user_id uuid,
    CONSTRAINT invitations_addressee_check CHECK (((email IS NULL) <> (invitee_user_id IS NULL))),
    CONSTRAINT invitations_closed_check CHECK (((status = 'pending'::text) = (closed_at IS NULL))),
    CONSTRAINT invitations_data_object CHECK (((jsonb_typeof(data) = 'object'::text) AND (octet_length((data)::text) <= 131072))),
    CONSTRAINT invitations_email_lower CHECK (((email = lower(email)) AND ((char_length(email) >= 3) AND (char_length(email) <= 254)))),
    CONSTRAINT invitations_expiry_check CHECK ((expires_at > created_at)),
    CONSTRAINT invitations_max_uses_check CHECK (((max_uses >= 1) AND (max_uses <= 1000))),
    CONSTRAINT invitations_message_check CHECK ((char_length(message) <= 2000)),
    CONSTRAINT invitations_role_check CHECK ((role ~ '^[A-Za-z][A-Za-z0-9_-]{0,63}$'::text)),
    CONSTRAINT invitations_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'accepted'::text, 'declined'::text, 'revoked'::text, 'expired'::text]))),
    CONSTRAINT invitations_token_version_check CHECK ((token_version > 0)),
    CONSTRAINT invitations_uses_check CHECK (((uses >= 0) AND (uses <= max_uses)))
);

--
-- Name: expire_invitation(identity.invitations); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.expire_invitation(p_invitation identity.invitations) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  update identity.invitations i set status = 'expired', closed_at = now(), updated_at = now()
   where i.id = p_invitation.id and i.status = 'pending';
  if found then
    perform identity.emit_event('identity.invitation.expired', 1, p_invitation.village_id, null,
      jsonb_build_object('invitationId', p_invitation.id, 'villageId', p_invitation.village_id,
                         'email', p_invitation.email));
  end if;
end;
$$;

--
-- Name: expire_invitations(integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.expire_invitations(p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_invitation identity.invitations;
  v_count integer := 0;
begin
  for v_invitation in
    select i.* from identity.invitations i
     where i.status = 'pending' and i.expires_at <= now()
     order by i.expires_at
     limit p_limit
     for update skip locked
  loop
    perform identity.expire_invitation(v_invitation);
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;

--
-- Name: find_login(text, text, text, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.find_login(p_email text, p_account_key text, p_pair_key text, p_ip_key text DEFAULT NULL::text) RETURNS TABLE(user_id uuid, password_hash text, account_failures integer, account_window_ends_at timestamp with time zone, account_last_failure_at timestamp with time zone, pair_failures integer, pair_window_ends_at timestamp with time zone, pair_last_failure_at timestamp with time zone, ip_failures integer, ip_window_ends_at timestamp with time zone, ip_last_failure_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select u.id, c.password_hash,
       coalesce(a.failures, 0), a.window_ends_at, a.last_failure_at,
       coalesce(p.failures, 0), p.window_ends_at, p.last_failure_at,
       coalesce(i.failures, 0), i.window_ends_at, i.last_failure_at
  from (select 1) as one
  left join identity.users u on u.email = p_email and u.status = 'active'
  left join identity.credentials c on c.user_id = u.id
  left join identity.login_throttles a on a.key = p_account_key and a.window_ends_at > now()
  left join identity.login_throttles p on p.key = p_pair_key and p.window_ends_at > now()
  left join identity.login_throttles i on i.key = p_ip_key and i.window_ends_at > now();
end;
$$;

--
-- Name: find_non_members(uuid, uuid[]); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.find_non_members(p_village_id uuid, p_user_ids uuid[]) RETURNS TABLE(user_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select ids.id
   from unnest(p_user_ids) with ordinality as ids (id, position)
  where not exists (select 1 from identity.memberships m
                     where m.village_id = p_village_id and m.user_id = ids.id)
  group by ids.id
  order by min(ids.position);
end;
$$;

--
-- Name: get_contact(uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_contact(p_village_id uuid, p_contact_id uuid) RETURNS TABLE(id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb, created_by uuid, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.*
   from identity.contacts c
  cross join lateral identity.contact_result(c) r
  where c.id = p_contact_id and c.village_id = p_village_id;
end;
$$;

--
-- Name: get_invitation_authority(bytea, uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_invitation_authority(p_token_hash bytea, p_invitation_id uuid, p_user_id uuid) RETURNS TABLE(invitation_id uuid, village_id uuid, role text, to_account boolean, invited_by uuid, inviter_role text, app_roles jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select i.id, i.village_id, i.role, i.invitee_user_id is not null, i.invited_by, m.role, r.value
   from identity.invitations i
   left join identity.users u on u.id = p_user_id and u.status = 'active'
   left join identity.memberships m on m.village_id = i.village_id and m.user_id = i.invited_by
   left join identity.metadata_documents r on r.scope = 'app' and r.key = 'roles'
  where (p_token_hash is not null
         and i.id = (select t.invitation_id from identity.invitation_tokens t where t.token_hash = p_token_hash))
     or (p_token_hash is null and i.id = p_invitation_id
         and (i.invitee_user_id = p_user_id or i.email = u.email));
end;
$$;

--
-- Name: get_invitation_mail(uuid, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_invitation_mail(p_invitation_id uuid, p_token_version integer) RETURNS TABLE(invitation_id uuid, village_id uuid, village_name text, email text, role text, message text, status text, expires_at timestamp with time zone, inviter_name text, token_version integer, token_status text, token_salt bytea)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.id, r.village_id, r.village_name, coalesce(r.email, a.email), r.role, r.message, r.status,
        r.expires_at, u.display_name, t.version, t.status, t.token_salt
   from identity.invitation_result(p_invitation_id) r
   join identity.invitation_tokens t on t.invitation_id = r.id and t.version = p_token_version
   left join identity.users a on a.id = r.invitee_user_id and a.status = 'active'
   left join identity.users u on u.id = r.invited_by and u.status = 'active'
  where coalesce(r.email, a.email) is not null;
end;
$$;

--
-- Name: get_membership(uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_membership(p_village_id uuid, p_user_id uuid) RETURNS TABLE(village_id uuid, visibility text, role text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select v.id, v.visibility, m.role
  from (select 1) as one
  left join identity.villages v on v.id = p_village_id
  left join identity.memberships m on m.village_id = v.id and m.user_id = p_user_id;
end;
$$;

--
-- Name: get_metadata(text, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_metadata(p_scope text, p_key text) RETURNS SETOF identity.metadata_documents
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select * from identity.metadata_documents where scope = p_scope and key = p_key;
end;
$$;

--
-- Name: get_own_profile(uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_own_profile(p_user_id uuid, p_session_id uuid) RETURNS TABLE(id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
        u.preferences, u.sharing, u.data, u.created_at, u.updated_at
   from identity.users u
   join identity.sessions s on s.user_id = u.id and s.id = p_session_id and s.status = 'active'
  where u.id = p_user_id and u.status = 'active';
end;
$$;

--
-- Name: get_user(uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_user(p_user_id uuid) RETURNS TABLE(id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
        u.preferences, u.sharing, u.data, u.created_at, u.updated_at
   from identity.users u
  where u.id = p_user_id and u.status = 'active';
end;
$$;

--
-- Name: get_viewer_relation(uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_viewer_relation(p_viewer_id uuid, p_user_id uuid) RETURNS TABLE(relation text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select case
    when p_viewer_id = p_user_id then 'self'
    when exists (select 1
                   from identity.memberships a
                   join identity.memberships b on b.village_id = a.village_id and b.user_id = p_user_id
                  where a.user_id = p_viewer_id) then 'villager'
    else 'other'
  end;
end;
$$;

--
-- Name: get_village(uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_village(p_village_id uuid, p_user_id uuid) RETURNS TABLE(id uuid, name text, description text, visibility text, fixed_key text, member_count integer, my_role text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select * from identity.village_result(p_village_id, p_user_id);
end;
$$;

--
-- Name: get_village_access(uuid, uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.get_village_access(p_actor_id uuid, p_village_id uuid DEFAULT NULL::uuid, p_user_id uuid DEFAULT NULL::uuid) RETURNS TABLE(village_id uuid, visibility text, fixed_key text, actor_role text, user_role text, actor_email text, app_roles jsonb, app_members jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select v.id, v.visibility, v.fixed_key, a.role, t.role, u.email, r.value, s.value
  from (select 1) as one
  left join identity.villages v on v.id = p_village_id
  left join identity.memberships a on a.village_id = v.id and a.user_id = p_actor_id
  left join identity.memberships t on t.village_id = v.id and t.user_id = p_user_id
  left join identity.users u on u.id = p_actor_id and u.status = 'active'
  left join identity.metadata_documents r on r.scope = 'app' and r.key = 'roles'
  left join identity.metadata_documents s on s.scope = 'app' and s.key = 'members';
end;
$$;

--
-- Name: insert_invitation(identity.invitations, integer, bytea, bytea); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.insert_invitation(p_invitation identity.invitations, p_ttl_seconds integer, p_token_hash bytea, p_token_salt bytea) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_invitation identity.invitations;
begin
  if p_ttl_seconds is null or p_ttl_seconds < 1 then
    raise exception using errcode = '22023', message = 'invalid', detail = 'p_ttl_seconds must be positive';
  end if;
  insert into identity.invitations as i
    (village_id, email, invitee_user_id, role, message, max_uses, invited_by, expires_at)
  values (p_invitation.village_id, p_invitation.email, p_invitation.invitee_user_id, p_invitation.role,
          p_invitation.message, coalesce(p_invitation.max_uses, 1), p_invitation.invited_by,
          now() + make_interval(secs => p_ttl_seconds))
  returning i.* into v_invitation;
  insert into identity.invitation_tokens (invitation_id, version, token_hash, token_salt)
  values (v_invitation.id, 1, p_token_hash, p_token_salt);

  perform identity.emit_event('identity.invitation.created', 1, v_invitation.village_id, v_invitation.invited_by,
    identity.invitation_event_data(v_invitation));
  return v_invitation.id;
end;
$$;

--
-- Name: memberships; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.memberships (
    village_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT memberships_role_check CHECK ((role ~ '^[A-Za-z][A-Za-z0-9_-]{0,63}$'::text))
);

--
-- Name: insert_membership(uuid, uuid, text, text, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.insert_membership(p_village_id uuid, p_user_id uuid, p_role text, p_via text, p_actor_id uuid) RETURNS identity.memberships
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_membership identity.memberships;
begin
  perform 1 from identity.users u where u.id = p_user_id and u.status = 'active' for share;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such user';
  end if;
  insert into identity.memberships as m (village_id, user_id, role)
  values (p_village_id, p_user_id, p_role)
  on conflict (village_id, user_id) do nothing
  returning m.* into v_membership;
  if v_membership.village_id is null then
    raise exception using errcode = '23505', message = 'conflict', detail = 'The user is already a member of this village';
  end if;
  update identity.villages v set member_count = v.member_count + 1 where v.id = p_village_id;
  perform identity.emit_event('identity.membership.added', 1, p_village_id, p_actor_id,
    jsonb_build_object('villageId', p_village_id, 'userId', p_user_id, 'role', p_role, 'via', p_via));
  return v_membership;
end;
$$;

--
-- Name: invitation_event_data(identity.invitations); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.invitation_event_data(p_invitation identity.invitations) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return jsonb_build_object(
  'invitationId', p_invitation.id, 'villageId', p_invitation.village_id, 'email', p_invitation.email,
  'role', p_invitation.role, 'invitedBy', p_invitation.invited_by, 'maxUses', p_invitation.max_uses,
  'expiresAt', to_char(p_invitation.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'tokenVersion', p_invitation.token_version,
  'inviteeUserId', coalesce(p_invitation.invitee_user_id,
                            (select u.id from identity.users u
                              where u.email = p_invitation.email and u.status = 'active')));
end;
$$;

--
-- Name: invitation_result(uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.invitation_result(p_invitation_id uuid) RETURNS TABLE(id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text, max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamp with time zone, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select i.id, i.village_id, v.name, i.email, i.invitee_user_id, i.role, i.message, i.max_uses, i.uses,
        case when i.status = 'pending' and i.expires_at <= now() then 'expired' else i.status end,
        i.invited_by, i.token_version, i.expires_at, i.data, i.created_at, i.updated_at
   from identity.invitations i
   join identity.villages v on v.id = i.village_id
  where i.id = p_invitation_id;
end;
$$;

--
-- Name: inviter_role_is(identity.invitations, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.inviter_role_is(p_invitation identity.invitations, p_inviter_role text) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_role text;
begin
  select m.role into v_role from identity.memberships m
   where m.village_id = p_invitation.village_id and m.user_id = p_invitation.invited_by
     for share;
  return v_role is not distinct from p_inviter_role;
end;
$$;

--
-- Name: is_last_owner(uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.is_last_owner(p_village_id uuid, p_user_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return exists (select 1 from identity.memberships m
               where m.village_id = p_village_id and m.user_id = p_user_id and m.role = 'owner')
  and not exists (select 1 from identity.memberships m
                   where m.village_id = p_village_id and m.user_id <> p_user_id and m.role = 'owner');
end;
$$;

--
-- Name: join_village(uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.join_village(p_village_id uuid, p_user_id uuid) RETURNS TABLE(village_id uuid, user_id uuid, role text, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_village identity.villages;
  v_membership identity.memberships;
begin
  v_village := identity.lock_village(p_village_id);
  select m.* into v_membership from identity.memberships m where m.village_id = p_village_id and m.user_id = p_user_id;
  if v_membership.village_id is null then
    if v_village.visibility <> 'public' then
      raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such village';
    end if;
    v_membership := identity.insert_membership(p_village_id, p_user_id, 'member', 'joined', p_user_id);
  end if;
  return query select v_membership.village_id, v_membership.user_id, v_membership.role,
                      v_membership.created_at, v_membership.updated_at;
end;
$$;

--
-- Name: list_contacts(uuid, integer, timestamp with time zone, uuid, text, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.list_contacts(p_village_id uuid, p_limit integer, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid, p_kind text DEFAULT NULL::text, p_q text DEFAULT NULL::text) RETURNS TABLE(id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb, created_by uuid, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.*
   from identity.contacts c
  cross join lateral identity.contact_result(c) r
  where c.village_id = p_village_id
    and (p_kind is null or lower(c.kind) = lower(p_kind))
    and (p_q is null or lower(c.name) like identity.contains_pattern(p_q))
    and (p_before_created_at is null or (c.created_at, c.id) < (p_before_created_at, p_before_id))
  order by c.created_at desc, c.id desc
  limit p_limit;
end;
$$;

--
-- Name: list_invitations(uuid, text, timestamp with time zone, uuid, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.list_invitations(p_village_id uuid, p_status text DEFAULT NULL::text, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50) RETURNS TABLE(id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text, max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamp with time zone, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, page_at text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.*, i.created_at::text
   from identity.invitations i
   cross join lateral identity.invitation_result(i.id) r
  where i.village_id = p_village_id
    and (p_before_created_at is null or (i.created_at, i.id) < (p_before_created_at, p_before_id))
    and (p_status is null or r.status = p_status)
  order by i.created_at desc, i.id desc
  limit p_limit;
end;
$$;

--
-- Name: list_member_village_ids(uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.list_member_village_ids(p_user_id uuid) RETURNS TABLE(village_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select m.village_id from identity.memberships m where m.user_id = p_user_id;
end;
$$;

--
-- Name: list_members(uuid, integer, text, text, timestamp with time zone, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.list_members(p_village_id uuid, p_limit integer, p_q text DEFAULT NULL::text, p_role text DEFAULT NULL::text, p_after_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_after_id uuid DEFAULT NULL::uuid) RETURNS TABLE(role text, joined_at timestamp with time zone, cursor_at text, id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select m.role, m.created_at, m.created_at::text,
        u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
        '{}'::jsonb, u.sharing, u.data, u.created_at, u.updated_at
   from identity.memberships m
   join identity.users u on u.id = m.user_id and u.status = 'active'
  where m.village_id = p_village_id
    and (p_role is null or m.role = p_role)
    and (p_after_at is null or (m.created_at, m.user_id) > (p_after_at, p_after_id))
    and (p_q is null or lower(u.display_name) like identity.contains_pattern(p_q))
  order by m.created_at, m.user_id
  limit p_limit;
end;
$$;

--
-- Name: list_my_invitations(uuid, timestamp with time zone, uuid, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.list_my_invitations(p_user_id uuid, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50) RETURNS TABLE(id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text, max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamp with time zone, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, page_at text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  with me as (
    select u.id, u.email from identity.users u where u.id = p_user_id and u.status = 'active'
  ), mine as (
    (select i.id, i.created_at
       from me join identity.invitations i on i.email = me.email
      where i.status = 'pending' and i.expires_at > now()
        and (p_before_created_at is null or (i.created_at, i.id) < (p_before_created_at, p_before_id))
      order by i.created_at desc, i.id desc
      limit p_limit)
    union all
    (select i.id, i.created_at
       from me join identity.invitations i on i.invitee_user_id = me.id
      where i.status = 'pending' and i.expires_at > now()
        and (p_before_created_at is null or (i.created_at, i.id) < (p_before_created_at, p_before_id))
      order by i.created_at desc, i.id desc
      limit p_limit)
  )
  select r.*, mine.created_at::text
    from mine
    cross join lateral identity.invitation_result(mine.id) r
   order by mine.created_at desc, mine.id desc
   limit p_limit;
end;
$$;

--
-- Name: list_my_villages(uuid, integer, text, timestamp with time zone, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.list_my_villages(p_user_id uuid, p_limit integer, p_q text DEFAULT NULL::text, p_before_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, name text, description text, visibility text, fixed_key text, member_count integer, my_role text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, cursor_at text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select v.id, v.name, v.description, v.visibility, v.fixed_key, v.member_count,
        m.role, v.data, v.created_at, v.updated_at, m.created_at::text
   from identity.memberships m
   join identity.villages v on v.id = m.village_id
  where m.user_id = p_user_id
    and (p_before_at is null or (m.created_at, m.village_id) < (p_before_at, p_before_id))
    and (p_q is null or lower(v.name) like identity.contains_pattern(p_q))
  order by m.created_at desc, m.village_id desc
  limit p_limit;
end;
$$;

--
-- Name: list_public_villages(uuid, integer, text, timestamp with time zone, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.list_public_villages(p_user_id uuid, p_limit integer, p_q text DEFAULT NULL::text, p_before_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, name text, description text, visibility text, fixed_key text, member_count integer, my_role text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, cursor_at text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select v.id, v.name, v.description, v.visibility, v.fixed_key, v.member_count,
        m.role, v.data, v.created_at, v.updated_at, v.created_at::text
   from identity.villages v
   left join identity.memberships m on m.village_id = v.id and m.user_id = p_user_id
  where v.visibility = 'public'
    and (p_before_at is null or (v.created_at, v.id) < (p_before_at, p_before_id))
    and (p_q is null or lower(v.name) like identity.contains_pattern(p_q))
  order by v.created_at desc, v.id desc
  limit p_limit;
end;
$$;

--
-- Name: list_verification_keys(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.list_verification_keys() RETURNS TABLE(kid text, alg text, public_jwk jsonb, not_after timestamp with time zone, expires_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select k.kid, k.alg, k.public_jwk, k.not_after, k.expires_at
   from identity.signing_keys k
  where k.expires_at > now()
  order by k.created_at desc, k.id desc;
end;
$$;

--
-- Name: villages; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.villages (
    id uuid DEFAULT identity.uuid_v7() NOT NULL,
    name text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    visibility text NOT NULL,
    fixed_key text,
    auto_join boolean DEFAULT false NOT NULL,
    member_count integer DEFAULT 0 NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT villages_auto_join_check CHECK (((NOT auto_join) OR (fixed_key IS NOT NULL))),
    CONSTRAINT villages_data_object CHECK (((jsonb_typeof(data) = 'object'::text) AND (octet_length((data)::text) <= 131072))),
    CONSTRAINT villages_description_check CHECK ((char_length(description) <= 2000)),
    CONSTRAINT villages_member_count_check CHECK ((member_count >= 0)),
    CONSTRAINT villages_name_check CHECK (((char_length(name) >= 1) AND (char_length(name) <= 120))),
    CONSTRAINT villages_visibility_check CHECK ((visibility = ANY (ARRAY['public'::text, 'private'::text])))
);

--
-- Name: lock_village(uuid, boolean, uuid, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.lock_village(p_village_id uuid, p_check_actor boolean DEFAULT false, p_actor_id uuid DEFAULT NULL::uuid, p_actor_role text DEFAULT NULL::text) RETURNS identity.villages
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_village identity.villages;
  v_role text;
begin
  select v.* into v_village from identity.villages v where v.id = p_village_id for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such village';
  end if;
  if p_check_actor then
    select m.role into v_role from identity.memberships m where m.village_id = p_village_id and m.user_id = p_actor_id;
    if v_role is distinct from p_actor_role then
      raise exception using errcode = '40001', message = 'conflict', detail = 'Your role in this village changed; try again';
    end if;
  end if;
  return v_village;
end;
$$;

--
-- Name: metadata_village_id(text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.metadata_village_id(p_scope text) RETURNS uuid
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return case when p_scope like 'village:%' then substr(p_scope, 9)::uuid end;
end;
$$;

--
-- Name: next_outbox_batch(uuid[], integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.next_outbox_batch(p_published uuid[], p_limit integer) RETURNS TABLE(seq bigint, id uuid, type text, version integer, village_id uuid, actor_id uuid, data jsonb, occurred_at timestamp with time zone, request_id text, traceparent text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update identity.outbox o set published_at = clock_timestamp()
   where o.id = any(p_published) and o.published_at is null;
  return query
    select o.seq, o.id, o.type, o.version, o.village_id, o.actor_id, o.data, o.occurred_at,
           o.request_id, o.traceparent
      from identity.outbox o
     where o.published_at is null
     order by o.seq
     limit p_limit;
end;
$$;

--
-- Name: open_invitation(bytea, uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.open_invitation(p_token_hash bytea, p_invitation_id uuid, p_user_id uuid, OUT outcome text, OUT invitation identity.invitations) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_email text;
  v_token_status text;
  v_addressed boolean;
begin
  select u.email into v_email from identity.users u where u.id = p_user_id and u.status = 'active';
  if not found then
    outcome := 'unknown_user';
    return;
  end if;
  if p_token_hash is not null then
    select t.status into v_token_status from identity.invitation_tokens t where t.token_hash = p_token_hash;
    if not found then
      outcome := 'unknown';
      return;
    end if;
    select i.* into invitation from identity.invitations i
      join identity.invitation_tokens t on t.invitation_id = i.id
     where t.token_hash = p_token_hash
     for update of i;
  else
    select i.* into invitation from identity.invitations i where i.id = p_invitation_id for update;
  end if;
  v_addressed := invitation.invitee_user_id = p_user_id or invitation.email = v_email;
  if invitation.id is null or (p_token_hash is null and not coalesce(v_addressed, false)) then
    outcome := 'unknown';
    invitation := null;
    return;
  end if;

  if invitation.status = 'revoked' then outcome := 'revoked';
  elsif invitation.status = 'declined' then outcome := 'declined';
  elsif invitation.status = 'accepted' or invitation.uses >= invitation.max_uses then outcome := 'used_up';
  elsif v_token_status = 'superseded' then outcome := 'superseded';
  elsif invitation.status = 'expired' then outcome := 'expired';
  elsif invitation.expires_at <= now() then
    perform identity.expire_invitation(invitation);
    outcome := 'expired';
  elsif not coalesce(v_addressed, false) then outcome := 'wrong_email';
  else outcome := 'ok';
  end if;
end;
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
-- Name: outbox_backlog(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.outbox_backlog() RETURNS TABLE(pending bigint, oldest_occurred_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select count(*), min(o.occurred_at) from identity.outbox o where o.published_at is null;
end;
$$;

--
-- Name: outbox_request_context(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.outbox_request_context(OUT request_id text, OUT traceparent text) RETURNS record
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
-- Name: purge_idempotency_keys(timestamp with time zone); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.purge_idempotency_keys(p_created_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from identity.idempotency_keys where created_at < p_created_before returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: purge_inbox(text, timestamp with time zone, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.purge_inbox(p_consumer text, p_processed_before timestamp with time zone, p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with doomed as (
    select i.event_id from identity.inbox i
     where i.consumer = p_consumer and i.processed_at < p_processed_before
     limit p_limit
       for update skip locked),
  gone as (
    delete from identity.inbox i using doomed d
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
-- Name: purge_outbox(timestamp with time zone); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.purge_outbox(p_published_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from identity.outbox where published_at < p_published_before returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: put_metadata(text, text, jsonb, uuid, integer[], boolean); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.put_metadata(p_scope text, p_key text, p_value jsonb, p_actor_id uuid, p_if_match integer[] DEFAULT NULL::integer[], p_if_exists boolean DEFAULT false) RETURNS SETOF identity.metadata_documents
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_doc identity.metadata_documents;
begin
  if p_if_match is null and not p_if_exists then
    insert into identity.metadata_documents as d (scope, key, value, updated_by)
    values (p_scope, p_key, p_value, p_actor_id)
    on conflict (scope, key) do update
       set version = d.version + 1, value = excluded.value, updated_by = excluded.updated_by, updated_at = now()
    returning d.* into v_doc;
  else
    update identity.metadata_documents d
       set version = d.version + 1, value = p_value, updated_by = p_actor_id, updated_at = now()
     where d.scope = p_scope and d.key = p_key and (p_if_match is null or d.version = any (p_if_match))
    returning d.* into v_doc;
    if not found then
      raise exception using errcode = '55000', message = 'precondition_failed',
        detail = 'The document does not exist or is not at a version given in If-Match';
    end if;
  end if;

  perform identity.emit_metadata_updated(v_doc, false, p_actor_id);
  return next v_doc;
end;
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
    insert into identity.login_throttles as t (key, failures, window_ends_at, last_failure_at)
    select distinct k, 1, now() + make_interval(secs => p_window_seconds), now()
      from unnest(p_keys) as k
    on conflict (key) do update
       set failures = case when t.window_ends_at <= now() then 1 else t.failures + 1 end,
           window_ends_at = case when t.window_ends_at <= now() then excluded.window_ends_at else t.window_ends_at end,
           last_failure_at = now(),
           updated_at = now()
    returning t.key, t.failures, t.window_ends_at;
end;
$$;

--
-- Name: remove_member(uuid, uuid, text, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.remove_member(p_village_id uuid, p_actor_id uuid, p_actor_role text, p_user_id uuid) RETURNS TABLE(village_id uuid)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  perform identity.lock_village(p_village_id, true, p_actor_id, p_actor_role);
  if identity.is_last_owner(p_village_id, p_user_id) then
    raise exception using errcode = '23514', message = 'conflict', detail = 'The last owner cannot leave; make another member owner or delete the village';
  end if;
  if not identity.end_membership(p_village_id, p_user_id,
                                 case when p_user_id = p_actor_id then 'left' else 'removed' end, p_actor_id) then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such member';
  end if;
  return query select p_village_id;
end;
$$;

--
-- Name: resend_invitation(uuid, uuid, uuid, integer, bytea, bytea); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.resend_invitation(p_village_id uuid, p_invitation_id uuid, p_actor_id uuid, p_ttl_seconds integer, p_token_hash bytea, p_token_salt bytea) RETURNS TABLE(id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text, max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamp with time zone, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_invitation identity.invitations;
begin
  select i.* into v_invitation from identity.invitations i
   where i.id = p_invitation_id and i.village_id = p_village_id
   for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such invitation';
  end if;
  if v_invitation.status not in ('pending', 'expired') then
    raise exception using errcode = '55000', message = 'conflict',
      detail = format('The invitation is %s; it cannot be resent', v_invitation.status);
  end if;

  update identity.invitation_tokens t set status = 'superseded', updated_at = now()
   where t.invitation_id = p_invitation_id and t.status = 'active';
  update identity.invitations i
     set token_version = i.token_version + 1, status = 'pending', closed_at = null,
         expires_at = now() + make_interval(secs => p_ttl_seconds), updated_at = now()
   where i.id = p_invitation_id
  returning i.* into v_invitation;
  insert into identity.invitation_tokens (invitation_id, version, token_hash, token_salt)
  values (p_invitation_id, v_invitation.token_version, p_token_hash, p_token_salt);

  perform identity.emit_event('identity.invitation.resent', 1, v_invitation.village_id, p_actor_id,
    identity.invitation_event_data(v_invitation));

  return query select * from identity.invitation_result(p_invitation_id);
exception
  -- Reviving an expired invitation to an account that has been invited again since.
  when unique_violation then
    raise exception using errcode = '23505', message = 'conflict',
      detail = 'The user already has a newer pending invitation to this village';
end;
$$;

--
-- Name: revoke_invitation(uuid, uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.revoke_invitation(p_village_id uuid, p_invitation_id uuid, p_actor_id uuid) RETURNS TABLE(id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text, max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamp with time zone, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_invitation identity.invitations;
begin
  select i.* into v_invitation from identity.invitations i
   where i.id = p_invitation_id and i.village_id = p_village_id
   for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such invitation';
  end if;
  if v_invitation.status in ('accepted', 'declined') then
    raise exception using errcode = '55000', message = 'conflict',
      detail = format('The invitation is %s; it cannot be revoked', v_invitation.status);
  end if;
  if v_invitation.status <> 'revoked' then
    update identity.invitations i set status = 'revoked', closed_at = now(), updated_at = now()
     where i.id = p_invitation_id;
    update identity.invitation_tokens t set status = 'superseded', updated_at = now()
     where t.invitation_id = p_invitation_id and t.status = 'active';
    perform identity.emit_event('identity.invitation.revoked', 1, v_invitation.village_id, p_actor_id,
      jsonb_build_object('invitationId', v_invitation.id, 'villageId', v_invitation.village_id,
                         'email', v_invitation.email, 'revokedBy', p_actor_id));
  end if;
  return query select * from identity.invitation_result(p_invitation_id);
end;
$$;

--
-- Name: revoke_session(bytea, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.revoke_session(p_refresh_token_hash bytea, p_access_token_ttl_seconds integer) RETURNS TABLE(session_id uuid)
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
  perform identity.end_session(v_session_id, 'logout', p_access_token_ttl_seconds);
  return query select v_session_id;
end;
$$;

--
-- Name: rotate_refresh_token(bytea, bytea, integer, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.rotate_refresh_token(p_refresh_token_hash bytea, p_new_refresh_token_hash bytea, p_refresh_token_ttl_seconds integer, p_access_token_ttl_seconds integer) RETURNS TABLE(outcome text, session_id uuid, id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
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
    perform identity.end_session(v_session_id, 'token_reuse', p_access_token_ttl_seconds);
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
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select p_outcome, p_session_id,
       u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
       u.preferences, u.sharing, u.data, u.created_at, u.updated_at
  from (select 1) as one
  left join identity.users u on u.id = p_user_id;
end;
$$;

--
-- Name: snapshot_app_roles(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.snapshot_app_roles() RETURNS TABLE(roles jsonb, document_version integer, version_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select d.value, d.version, date_trunc('milliseconds', d.updated_at)
   from identity.metadata_documents d
  where d.scope = 'app' and d.key = 'roles';
end;
$$;

--
-- Name: snapshot_avatars(uuid, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.snapshot_avatars(p_after uuid, p_limit integer) RETURNS TABLE(user_id uuid, avatar_file_id uuid, version_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select u.id, u.avatar_file_id, date_trunc('milliseconds', u.updated_at)
   from identity.users u
  where u.avatar_file_id is not null and u.status = 'active' and (p_after is null or u.id > p_after)
  order by u.id
  limit p_limit;
end;
$$;

--
-- Name: snapshot_memberships(uuid, uuid, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.snapshot_memberships(p_after_village_id uuid, p_after_user_id uuid, p_limit integer) RETURNS TABLE(village_id uuid, user_id uuid, role text, version_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select m.village_id, m.user_id, m.role, date_trunc('milliseconds', m.updated_at)
   from identity.memberships m
  where p_after_village_id is null or (m.village_id, m.user_id) > (p_after_village_id, p_after_user_id)
  order by m.village_id, m.user_id
  limit p_limit;
end;
$$;

--
-- Name: snapshot_villages(uuid, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.snapshot_villages(p_after uuid, p_limit integer) RETURNS TABLE(village_id uuid, visibility text, version_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select v.id, v.visibility, date_trunc('milliseconds', v.updated_at)
   from identity.villages v
  where p_after is null or v.id > p_after
  order by v.id
  limit p_limit;
end;
$$;

--
-- Name: sync_fixed_villages(jsonb); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.sync_fixed_villages(p_villages jsonb) RETURNS TABLE(village_id uuid, fixed_key text, outcome text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_item jsonb;
  v_old identity.villages;
  v_new identity.villages;
  v_changed text[];
begin
  -- Two replicas starting at once sync one after the other.
  perform pg_advisory_xact_lock(hashtextextended('identity.fixed_villages', 0));
  for v_item in select value from jsonb_array_elements(coalesce(p_villages, '[]')) loop
    select v.* into v_old from identity.villages v where v.fixed_key = v_item->>'key' for update;
    if v_old.id is null then
      insert into identity.villages as v (name, description, visibility, fixed_key, auto_join, data)
      values (v_item->>'name', coalesce(v_item->>'description', ''), v_item->>'visibility', v_item->>'key',
              coalesce((v_item->>'autoJoin')::boolean, false), coalesce(v_item->'data', '{}'))
      returning v.* into v_new;
      perform identity.emit_event('identity.village.created', 1, v_new.id, null,
        jsonb_build_object('villageId', v_new.id, 'name', v_new.name, 'visibility', v_new.visibility,
                           'fixedKey', v_new.fixed_key, 'ownerId', null, 'ownerRole', null));
      return query select v_new.id, v_new.fixed_key, 'created'::text;
    else
      v_new := v_old;
      v_new.name := v_item->>'name';
      v_new.description := coalesce(v_item->>'description', '');
      v_new.visibility := v_item->>'visibility';
      v_new.auto_join := coalesce((v_item->>'autoJoin')::boolean, false);
      v_new.data := coalesce(v_item->'data', '{}');
      v_changed := '{}';
      if v_new.name is distinct from v_old.name then v_changed := array_append(v_changed, 'name'); end if;
      if v_new.description is distinct from v_old.description then v_changed := array_append(v_changed, 'description'); end if;
      if v_new.visibility is distinct from v_old.visibility then v_changed := array_append(v_changed, 'visibility'); end if;
      if v_new.auto_join is distinct from v_old.auto_join then v_changed := array_append(v_changed, 'autoJoin'); end if;
      if v_new.data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;
      if cardinality(v_changed) = 0 then
        return query select v_old.id, v_old.fixed_key, 'unchanged'::text;
      else
        update identity.villages v
           set name = v_new.name, description = v_new.description, visibility = v_new.visibility,
               auto_join = v_new.auto_join, data = v_new.data, updated_at = now()
         where v.id = v_old.id;
        perform identity.emit_event('identity.village.updated', 1, v_old.id, null,
          jsonb_build_object('villageId', v_old.id, 'changed', to_jsonb(v_changed),
                             'name', v_new.name, 'visibility', v_new.visibility));
        return query select v_old.id, v_old.fixed_key, 'updated'::text;
      end if;
    end if;
  end loop;
end;
$$;

--
-- Name: try_lead_outbox(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.try_lead_outbox() RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return pg_try_advisory_lock(hashtextextended('vv.outbox.identity', 0));
end;
$$;

--
-- Name: unlink_contacts(uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.unlink_contacts(p_user_id uuid, p_village_id uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_contact identity.contacts;
begin
  for v_contact in
    update identity.contacts c
       set user_id = null, updated_at = now()
     where c.user_id = p_user_id
       and (p_village_id is null or c.village_id = p_village_id)
       and exists (select 1 from identity.villages v where v.id = c.village_id)
    returning c.*
  loop
    perform identity.emit_event('identity.contact.updated', 1, v_contact.village_id, null,
      identity.contact_event_fields(v_contact) || jsonb_build_object('changed', jsonb_build_array('userId')));
  end loop;
end;
$$;

--
-- Name: unlink_contacts_of_deleted_user(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.unlink_contacts_of_deleted_user() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  perform identity.unlink_contacts(new.id, null);
  return null;
end;
$$;

--
-- Name: unlink_contacts_of_ended_membership(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.unlink_contacts_of_ended_membership() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  perform identity.unlink_contacts(old.user_id, old.village_id);
  return null;
end;
$$;

--
-- Name: update_contact(uuid, uuid, uuid, text, text, jsonb, text, uuid, boolean, jsonb); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.update_contact(p_village_id uuid, p_contact_id uuid, p_actor_id uuid, p_name text DEFAULT NULL::text, p_kind text DEFAULT NULL::text, p_info jsonb DEFAULT NULL::jsonb, p_notes text DEFAULT NULL::text, p_user_id uuid DEFAULT NULL::uuid, p_unlink boolean DEFAULT false, p_data jsonb DEFAULT NULL::jsonb) RETURNS TABLE(id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb, created_by uuid, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_old identity.contacts;
  v_new identity.contacts;
  v_changed text[] := '{}';
begin
  select c.* into v_old
    from identity.contacts c
   where c.id = p_contact_id and c.village_id = p_village_id
     for update of c;
  if not found then
    return;
  end if;

  v_new := v_old;
  v_new.name := coalesce(p_name, v_old.name);
  v_new.kind := coalesce(p_kind, v_old.kind);
  v_new.info := coalesce(p_info, v_old.info);
  v_new.notes := coalesce(p_notes, v_old.notes);
  v_new.user_id := case when p_unlink then null else coalesce(p_user_id, v_old.user_id) end;
  v_new.data := coalesce(p_data, v_old.data);

  if v_new.name is distinct from v_old.name then v_changed := array_append(v_changed, 'name'); end if;
  if v_new.kind is distinct from v_old.kind then v_changed := array_append(v_changed, 'kind'); end if;
  if v_new.info is distinct from v_old.info then v_changed := array_append(v_changed, 'info'); end if;
  if v_new.notes is distinct from v_old.notes then v_changed := array_append(v_changed, 'notes'); end if;
  if v_new.user_id is distinct from v_old.user_id then v_changed := array_append(v_changed, 'userId'); end if;
  if v_new.data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;

  if cardinality(v_changed) = 0 then
    return query select * from identity.contact_result(v_old);
    return;
  end if;

  if v_new.user_id is not null and v_new.user_id is distinct from v_old.user_id then
    perform identity.assert_contact_link(p_village_id, v_new.user_id);
  end if;

  update identity.contacts c
     set name = v_new.name, kind = v_new.kind, info = v_new.info, notes = v_new.notes,
         user_id = v_new.user_id, data = v_new.data, updated_at = now()
   where c.id = p_contact_id
  returning c.* into v_new;

  perform identity.emit_event('identity.contact.updated', 1, p_village_id, p_actor_id,
    identity.contact_event_fields(v_new) || jsonb_build_object('changed', to_jsonb(v_changed)));
  if v_new.user_id is not null and v_new.user_id is distinct from v_old.user_id then
    perform identity.emit_event('identity.contact.linked', 1, p_village_id, p_actor_id,
      jsonb_build_object('contactId', v_new.id, 'villageId', p_village_id, 'userId', v_new.user_id));
  end if;

  return query select * from identity.contact_result(v_new);
end;
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
-- Name: update_village(uuid, uuid, text, text, text, text, jsonb); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.update_village(p_village_id uuid, p_actor_id uuid, p_actor_role text, p_name text DEFAULT NULL::text, p_description text DEFAULT NULL::text, p_visibility text DEFAULT NULL::text, p_data jsonb DEFAULT NULL::jsonb) RETURNS TABLE(id uuid, name text, description text, visibility text, fixed_key text, member_count integer, my_role text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_old identity.villages;
  v_new identity.villages;
  v_changed text[] := '{}';
begin
  v_old := identity.lock_village(p_village_id, true, p_actor_id, p_actor_role);
  v_new := v_old;
  v_new.name := coalesce(p_name, v_old.name);
  v_new.description := coalesce(p_description, v_old.description);
  v_new.visibility := coalesce(p_visibility, v_old.visibility);
  v_new.data := coalesce(p_data, v_old.data);
  if v_new.name is distinct from v_old.name then v_changed := array_append(v_changed, 'name'); end if;
  if v_new.description is distinct from v_old.description then v_changed := array_append(v_changed, 'description'); end if;
  if v_new.visibility is distinct from v_old.visibility then v_changed := array_append(v_changed, 'visibility'); end if;
  if v_new.data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;

  if cardinality(v_changed) > 0 then
    update identity.villages v
       set name = v_new.name, description = v_new.description, visibility = v_new.visibility,
           data = v_new.data, updated_at = now()
     where v.id = p_village_id;
    perform identity.emit_event('identity.village.updated', 1, p_village_id, p_actor_id,
      jsonb_build_object('villageId', p_village_id, 'changed', to_jsonb(v_changed),
                         'name', v_new.name, 'visibility', v_new.visibility));
  end if;

  return query select * from identity.village_result(p_village_id, p_actor_id);
end;
$$;

--
-- Name: use_invitation(identity.invitations, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.use_invitation(p_invitation identity.invitations, p_user_id uuid) RETURNS identity.memberships
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_membership identity.memberships;
  v_already boolean;
begin
  select m.* into v_membership from identity.memberships m
   where m.village_id = p_invitation.village_id and m.user_id = p_user_id
   for update;
  v_already := found;
  if not v_already then
    insert into identity.memberships (village_id, user_id, role)
    values (p_invitation.village_id, p_user_id, p_invitation.role)
    returning * into v_membership;
    update identity.villages v set member_count = v.member_count + 1, updated_at = now()
     where v.id = p_invitation.village_id;
    perform identity.emit_event('identity.membership.added', 1, p_invitation.village_id, p_user_id,
      jsonb_build_object('villageId', p_invitation.village_id, 'userId', p_user_id,
                         'role', v_membership.role, 'via', 'invitation'));
  end if;

  update identity.invitations i
     set uses = i.uses + 1,
         status = case when i.uses + 1 >= i.max_uses then 'accepted' else i.status end,
         closed_at = case when i.uses + 1 >= i.max_uses then now() else i.closed_at end,
         updated_at = now()
   where i.id = p_invitation.id;

  perform identity.emit_event('identity.invitation.accepted', 1, p_invitation.village_id, p_user_id,
    jsonb_build_object('invitationId', p_invitation.id, 'villageId', p_invitation.village_id,
                       'email', p_invitation.email, 'userId', p_user_id, 'role', v_membership.role,
                       'uses', p_invitation.uses + 1, 'maxUses', p_invitation.max_uses,
                       'alreadyMember', v_already));
  return v_membership;
end;
$$;

--
-- Name: use_signup_invitation(uuid, bytea, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.use_signup_invitation(p_user_id uuid, p_token_hash bytea, p_inviter_role text) RETURNS TABLE(village_id uuid, user_id uuid, role text, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_open record;
  v_membership identity.memberships;
begin
  select * into v_open from identity.open_invitation(p_token_hash, null, p_user_id);
  case v_open.outcome
    when 'ok' then null;
    when 'unknown' then
      raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such invitation';
    when 'wrong_email' then
      raise exception using errcode = '42501', message = 'forbidden',
        detail = 'The invitation is addressed to another email';
    when 'used_up' then
      raise exception using errcode = '55000', message = 'conflict', detail = 'The invitation was already used';
    else
      raise exception using errcode = '55000', message = 'gone',
        detail = format('The invitation is %s', v_open.outcome);
  end case;
  if not identity.inviter_role_is(v_open.invitation, p_inviter_role) then
    raise exception using errcode = '40001', message = 'conflict',
      detail = 'The role of the invitation''s sender changed; try again';
  end if;
  v_membership := identity.use_invitation(v_open.invitation, p_user_id);
  return query select v_membership.village_id, v_membership.user_id, v_membership.role,
                      v_membership.created_at, v_membership.updated_at;
end;
$$;

--
-- Name: village_result(uuid, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.village_result(p_village_id uuid, p_user_id uuid) RETURNS TABLE(id uuid, name text, description text, visibility text, fixed_key text, member_count integer, my_role text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select v.id, v.name, v.description, v.visibility, v.fixed_key, v.member_count,
        m.role, v.data, v.created_at, v.updated_at
   from identity.villages v
   left join identity.memberships m on m.village_id = v.id and m.user_id = p_user_id
  where v.id = p_village_id;
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
-- Name: idempotency_keys; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.idempotency_keys (
    user_id uuid NOT NULL,
    key text NOT NULL,
    fingerprint text NOT NULL,
    response jsonb,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT idempotency_keys_fingerprint_check CHECK ((char_length(fingerprint) = 64)),
    CONSTRAINT idempotency_keys_key_check CHECK (((char_length(key) >= 1) AND (char_length(key) <= 255)))
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
-- Name: invitation_tokens; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.invitation_tokens (
    id uuid DEFAULT identity.uuid_v7() NOT NULL,
    invitation_id uuid NOT NULL,
    version integer NOT NULL,
    token_hash bytea NOT NULL,
    token_salt bytea NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT invitation_tokens_hash_length CHECK ((octet_length(token_hash) = 32)),
    CONSTRAINT invitation_tokens_salt_length CHECK (((octet_length(token_salt) >= 16) AND (octet_length(token_salt) <= 64))),
    CONSTRAINT invitation_tokens_status_check CHECK ((status = ANY (ARRAY['active'::text, 'superseded'::text]))),
    CONSTRAINT invitation_tokens_version_check CHECK ((version > 0))
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
    last_failure_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT login_throttles_failures_check CHECK ((failures > 0)),
    CONSTRAINT login_throttles_key_check CHECK (((char_length(key) >= 3) AND (char_length(key) <= 320)))
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
    published_at timestamp with time zone,
    request_id text,
    traceparent text,
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
-- Name: contacts contacts_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.contacts
    ADD CONSTRAINT contacts_pkey PRIMARY KEY (id);

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
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key);

--
-- Name: inbox inbox_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.inbox
    ADD CONSTRAINT inbox_pkey PRIMARY KEY (consumer, event_id);

--
-- Name: invitation_tokens invitation_tokens_hash_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitation_tokens
    ADD CONSTRAINT invitation_tokens_hash_key UNIQUE (token_hash);

--
-- Name: invitation_tokens invitation_tokens_invitation_version_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitation_tokens
    ADD CONSTRAINT invitation_tokens_invitation_version_key UNIQUE (invitation_id, version);

--
-- Name: invitation_tokens invitation_tokens_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitation_tokens
    ADD CONSTRAINT invitation_tokens_pkey PRIMARY KEY (id);

--
-- Name: invitations invitations_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitations
    ADD CONSTRAINT invitations_pkey PRIMARY KEY (id);

--
-- Name: login_throttles login_throttles_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.login_throttles
    ADD CONSTRAINT login_throttles_pkey PRIMARY KEY (key);

--
-- Name: memberships memberships_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.memberships
    ADD CONSTRAINT memberships_pkey PRIMARY KEY (village_id, user_id);

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
-- Name: villages villages_fixed_key_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.villages
    ADD CONSTRAINT villages_fixed_key_key UNIQUE (fixed_key);

--
-- Name: villages villages_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.villages
    ADD CONSTRAINT villages_pkey PRIMARY KEY (id);

--
-- Name: contacts_name_trgm_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX contacts_name_trgm_idx ON identity.contacts USING gin (lower(name) public.gin_trgm_ops);

--
-- Name: contacts_user_village_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX contacts_user_village_idx ON identity.contacts USING btree (user_id, village_id) WHERE (user_id IS NOT NULL);

--
-- Name: contacts_village_created_at_id_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX contacts_village_created_at_id_idx ON identity.contacts USING btree (village_id, created_at, id);

--
-- Name: contacts_village_kind_created_at_id_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX contacts_village_kind_created_at_id_idx ON identity.contacts USING btree (village_id, lower(kind), created_at, id);

--
-- Name: idempotency_keys_created_at_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX idempotency_keys_created_at_idx ON identity.idempotency_keys USING btree (created_at);

--
-- Name: inbox_consumer_processed_at_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX inbox_consumer_processed_at_idx ON identity.inbox USING btree (consumer, processed_at);

--
-- Name: invitations_email_created_at_id_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX invitations_email_created_at_id_idx ON identity.invitations USING btree (email, created_at, id);

--
-- Name: invitations_invitee_created_at_id_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX invitations_invitee_created_at_id_idx ON identity.invitations USING btree (invitee_user_id, created_at, id) WHERE (invitee_user_id IS NOT NULL);

--
-- Name: invitations_pending_expires_at_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX invitations_pending_expires_at_idx ON identity.invitations USING btree (expires_at) WHERE (status = 'pending'::text);

--
-- Name: invitations_pending_invitee_key; Type: INDEX; Schema: identity; Owner: -
--

CREATE UNIQUE INDEX invitations_pending_invitee_key ON identity.invitations USING btree (village_id, invitee_user_id) WHERE (status = 'pending'::text);

--
-- Name: invitations_village_created_at_id_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX invitations_village_created_at_id_idx ON identity.invitations USING btree (village_id, created_at, id);

--
-- Name: login_throttles_window_ends_at_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX login_throttles_window_ends_at_idx ON identity.login_throttles USING btree (window_ends_at);

--
-- Name: memberships_user_created_at_village_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX memberships_user_created_at_village_idx ON identity.memberships USING btree (user_id, created_at, village_id);

--
-- Name: memberships_village_created_at_user_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX memberships_village_created_at_user_idx ON identity.memberships USING btree (village_id, created_at, user_id);

--
-- Name: memberships_village_role_created_at_user_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX memberships_village_role_created_at_user_idx ON identity.memberships USING btree (village_id, role, created_at, user_id);

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
-- Name: users_avatar_id_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX users_avatar_id_idx ON identity.users USING btree (id) WHERE ((avatar_file_id IS NOT NULL) AND (status = 'active'::text));

--
-- Name: users_created_at_id_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX users_created_at_id_idx ON identity.users USING btree (created_at, id);

--
-- Name: villages_auto_join_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX villages_auto_join_idx ON identity.villages USING btree (id) WHERE auto_join;

--
-- Name: villages_name_trgm_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX villages_name_trgm_idx ON identity.villages USING gin (lower(name) public.gin_trgm_ops);

--
-- Name: villages_public_created_at_id_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX villages_public_created_at_id_idx ON identity.villages USING btree (created_at, id) WHERE (visibility = 'public'::text);

--
-- Name: memberships memberships_unlink_contacts; Type: TRIGGER; Schema: identity; Owner: -
--

CREATE TRIGGER memberships_unlink_contacts AFTER DELETE ON identity.memberships FOR EACH ROW EXECUTE FUNCTION identity.unlink_contacts_of_ended_membership();

--
-- Name: users users_delete_metadata; Type: TRIGGER; Schema: identity; Owner: -
--

CREATE TRIGGER users_delete_metadata AFTER UPDATE OF status ON identity.users FOR EACH ROW WHEN (((new.status = 'deleted'::text) AND (old.status <> 'deleted'::text))) EXECUTE FUNCTION identity.delete_user_metadata();

--
-- Name: users users_unlink_contacts; Type: TRIGGER; Schema: identity; Owner: -
--

CREATE TRIGGER users_unlink_contacts AFTER UPDATE OF status ON identity.users FOR EACH ROW WHEN (((new.status = 'deleted'::text) AND (old.status <> 'deleted'::text))) EXECUTE FUNCTION identity.unlink_contacts_of_deleted_user();

--
-- Name: villages villages_delete_metadata; Type: TRIGGER; Schema: identity; Owner: -
--

CREATE TRIGGER villages_delete_metadata AFTER DELETE ON identity.villages FOR EACH ROW EXECUTE FUNCTION identity.delete_village_metadata();

--
-- Name: contacts contacts_created_by_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.contacts
    ADD CONSTRAINT contacts_created_by_fkey FOREIGN KEY (created_by) REFERENCES identity.users(id) ON DELETE SET NULL;

--
-- Name: contacts contacts_user_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.contacts
    ADD CONSTRAINT contacts_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE SET NULL;

--
-- Name: contacts contacts_village_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.contacts
    ADD CONSTRAINT contacts_village_id_fkey FOREIGN KEY (village_id) REFERENCES identity.villages(id) ON DELETE CASCADE;

--
-- Name: credentials credentials_user_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.credentials
    ADD CONSTRAINT credentials_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;

--
-- Name: invitation_tokens invitation_tokens_invitation_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitation_tokens
    ADD CONSTRAINT invitation_tokens_invitation_id_fkey FOREIGN KEY (invitation_id) REFERENCES identity.invitations(id) ON DELETE CASCADE;

--
-- Name: invitations invitations_invited_by_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitations
    ADD CONSTRAINT invitations_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES identity.users(id) ON DELETE SET NULL;

--
-- Name: invitations invitations_invitee_user_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitations
    ADD CONSTRAINT invitations_invitee_user_id_fkey FOREIGN KEY (invitee_user_id) REFERENCES identity.users(id) ON DELETE CASCADE;

--
-- Name: invitations invitations_village_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitations
    ADD CONSTRAINT invitations_village_id_fkey FOREIGN KEY (village_id) REFERENCES identity.villages(id) ON DELETE CASCADE;

--
-- Name: memberships memberships_user_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.memberships
    ADD CONSTRAINT memberships_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;

--
-- Name: memberships memberships_village_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.memberships
    ADD CONSTRAINT memberships_village_id_fkey FOREIGN KEY (village_id) REFERENCES identity.villages(id) ON DELETE CASCADE;

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
