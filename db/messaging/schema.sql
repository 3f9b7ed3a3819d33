--
-- PostgreSQL database dump
--

SELECT pg_catalog.set_config('search_path', '', false);

--
-- Name: messaging; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA messaging;

--
-- Name: add_reaction(uuid, uuid, text, integer); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.add_reaction(p_post_id uuid, p_actor_id uuid, p_emoji text, p_max_emojis integer) RETURNS TABLE(id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_post messaging.posts;
begin
  select p.* into v_post from messaging.posts p where p.id = p_post_id for update of p;
  if not found then
    return;
  end if;
  if v_post.deleted_at is not null then
    raise exception using errcode = '55000', message = 'conflict', detail = 'The post was deleted';
  end if;

  insert into messaging.post_reactions as r (post_id, user_id, emoji)
  values (p_post_id, p_actor_id, p_emoji)
  on conflict on constraint post_reactions_post_user_emoji_key do nothing;
  if found then
    if not (v_post.reactions ? p_emoji)
       and (select count(*) from jsonb_object_keys(v_post.reactions)) >= p_max_emojis then
      raise exception using errcode = '22023', message = 'invalid',
        detail = format('emoji: a post takes at most %s different reactions', p_max_emojis);
    end if;
    update messaging.posts p
       set reactions = jsonb_set(p.reactions, array[p_emoji],
                                 to_jsonb(coalesce((p.reactions ->> p_emoji)::integer, 0) + 1))
     where p.id = p_post_id
    returning p.* into v_post;
    perform messaging.emit_event('messaging.reaction.added', 1, v_post.village_id, p_actor_id,
      jsonb_build_object('postId', v_post.id, 'topicId', v_post.topic_id, 'villageId', v_post.village_id,
                         'postAuthorId', v_post.author_id, 'userId', p_actor_id, 'emoji', p_emoji));
  end if;
  return query select * from messaging.post_view(v_post, p_actor_id);
end;
$$;

--
-- Name: advance_broadcast_cursor(uuid, uuid, uuid, timestamp with time zone); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.advance_broadcast_cursor(p_village_id uuid, p_user_id uuid, p_broadcast_id uuid, p_at timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  insert into messaging.broadcast_reads as r (village_id, user_id, read_up_to_id, read_up_to_at)
  values (p_village_id, p_user_id, p_broadcast_id, p_at)
  on conflict (village_id, user_id) do update
     set read_up_to_id = excluded.read_up_to_id, read_up_to_at = excluded.read_up_to_at, updated_at = now()
   where (excluded.read_up_to_at, excluded.read_up_to_id) > (r.read_up_to_at, r.read_up_to_id);
end;
$$;

--
-- Name: apply_app_roles_event(jsonb, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.apply_app_roles_event(p_roles jsonb, p_document_version integer, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into messaging.app_roles as r (roles, document_version, version_at, version_event_id)
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
-- Name: apply_app_topics(jsonb, integer, timestamp with time zone); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.apply_app_topics(p_topics jsonb, p_document_version integer, p_occurred_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_village uuid;
  v_created integer := 0;
begin
  -- Serialises documents and new villages, so none is missed between the two.
  perform pg_advisory_xact_lock(hashtextextended('messaging.app_topics', 0));
  insert into messaging.app_topics as a (topics, document_version, version_at)
  values (p_topics, p_document_version, p_occurred_at)
  on conflict (id) do update
     set topics = excluded.topics, document_version = excluded.document_version,
         version_at = excluded.version_at, updated_at = now()
   where case when excluded.version_at is null
              then a.version_at is null and a.document_version <= excluded.document_version
              else a.version_at is null or a.version_at <= excluded.version_at end;
  -- Ensured even when the document was not newer (idempotent), so a village missed earlier gets its topics.
  for v_village in
    select v.id from messaging.villages v where not v.deleted
    union
    select tv.village_id from messaging.topic_villages tv
     where not exists (select 1 from messaging.villages v where v.id = tv.village_id and v.deleted)
  loop
    v_created := v_created + messaging.ensure_fixed_topics_in_village(
      v_village, (select a.topics from messaging.app_topics a));
  end loop;
  return v_created;
end;
$$;

--
-- Name: apply_membership_event(uuid, uuid, text, boolean, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.apply_membership_event(p_village_id uuid, p_user_id uuid, p_role text, p_removed boolean, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into messaging.village_members as m
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
-- Name: apply_village_event(uuid, text, boolean, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.apply_village_event(p_village_id uuid, p_visibility text, p_deleted boolean, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into messaging.villages as v (id, visibility, deleted, version_at, version_event_id)
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
-- Name: begin_replica_bootstrap(text, integer); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.begin_replica_bootstrap(p_replica text, p_lease_ms integer) RETURNS timestamp with time zone
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_started_at timestamptz := date_trunc('milliseconds', clock_timestamp());
begin
  insert into messaging.replica_bootstraps as r (replica, started_at, leased_until)
  values (p_replica, v_started_at, clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0))
  on conflict (replica) do update
     set started_at = excluded.started_at, leased_until = excluded.leased_until, updated_at = now()
   where r.leased_until is null or r.leased_until < clock_timestamp();
  return case when found then v_started_at end;
end;
$$;

--
-- Name: uuid_v7(); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.uuid_v7() RETURNS uuid
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
-- Name: broadcasts; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.broadcasts (
    id uuid DEFAULT messaging.uuid_v7() NOT NULL,
    village_id uuid NOT NULL,
    author_id uuid NOT NULL,
    body text NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    updated_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT broadcasts_body_check CHECK (((char_length(body) >= 1) AND (octet_length(body) <= 16384))),
    CONSTRAINT broadcasts_data_object CHECK (((jsonb_typeof(data) = 'object'::text) AND (octet_length((data)::text) <= 65536)))
);

--
-- Name: broadcast_result(messaging.broadcasts); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.broadcast_result(p_broadcast messaging.broadcasts) RETURNS TABLE(id uuid, village_id uuid, author_id uuid, body text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select p_broadcast.id, p_broadcast.village_id, p_broadcast.author_id, p_broadcast.body, p_broadcast.data,
  p_broadcast.created_at, p_broadcast.updated_at,
  -- Microsecond precision, so a cursor built from it skips and repeats nothing.
  to_char(p_broadcast.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
end;
$$;

--
-- Name: claim_idempotency_key(uuid, text, text, integer); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.claim_idempotency_key(p_user_id uuid, p_key text, p_fingerprint text, p_ttl_seconds integer) RETURNS TABLE(fingerprint text, response jsonb)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  -- A key past its lifetime is free again.
  delete from messaging.idempotency_keys k
   where k.user_id = p_user_id and k.key = p_key
     and k.created_at < clock_timestamp() - make_interval(secs => p_ttl_seconds);
  insert into messaging.idempotency_keys (user_id, key, fingerprint)
  values (p_user_id, p_key, p_fingerprint)
  on conflict do nothing;
  if found then
    return;
  end if;
  return query
    select k.fingerprint, k.response from messaging.idempotency_keys k
     where k.user_id = p_user_id and k.key = p_key;
end;
$$;

--
-- Name: claim_inbox(text, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.claim_inbox(p_consumer text, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into messaging.inbox (consumer, event_id) values (p_consumer, p_event_id)
  on conflict do nothing;
  return found;
end;
$$;

--
-- Name: claim_inbox_batch(text, uuid[]); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.claim_inbox_batch(p_consumer text, p_event_ids uuid[]) RETURNS SETOF uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  insert into messaging.inbox (consumer, event_id)
  select p_consumer, e.id from unnest(p_event_ids) as e(id)
  on conflict do nothing
  returning event_id;
end;
$$;

--
-- Name: complete_idempotency_key(uuid, text, jsonb); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.complete_idempotency_key(p_user_id uuid, p_key text, p_response jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update messaging.idempotency_keys set response = p_response where user_id = p_user_id and key = p_key;
end;
$$;

--
-- Name: complete_replica_bootstrap(text, timestamp with time zone); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.complete_replica_bootstrap(p_replica text, p_started_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  update messaging.replica_bootstraps r
     set completed_at = clock_timestamp(), leased_until = null, updated_at = now()
   where r.replica = p_replica and r.started_at = p_started_at;
  return found;
end;
$$;

--
-- Name: conversation_recipients(uuid, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.conversation_recipients(p_conversation_id uuid, p_user_id uuid) RETURNS uuid[]
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result uuid[];
begin
  select coalesce(array_agg(cm.user_id order by cm.created_at, cm.user_id), '{}')
   from messaging.conversation_members cm
  where cm.conversation_id = p_conversation_id
    and cm.user_id <> p_user_id
    and not exists (select 1 from messaging.village_members vm
                     where vm.village_id = cm.village_id and vm.user_id = cm.user_id and vm.removed)
    into v_result;
  return v_result;
end;
$$;

--
-- Name: conversation_members; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.conversation_members (
    conversation_id uuid NOT NULL,
    user_id uuid NOT NULL,
    village_id uuid NOT NULL,
    last_message_at timestamp with time zone NOT NULL,
    read_up_to_id uuid,
    read_up_to_at timestamp with time zone,
    unread_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT conversation_members_read_cursor_check CHECK (((read_up_to_id IS NULL) = (read_up_to_at IS NULL))),
    CONSTRAINT conversation_members_unread_count_check CHECK ((unread_count >= 0))
);

--
-- Name: conversations; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.conversations (
    id uuid DEFAULT messaging.uuid_v7() NOT NULL,
    village_id uuid NOT NULL,
    title text,
    created_by uuid NOT NULL,
    direct_low uuid,
    direct_high uuid,
    member_count integer NOT NULL,
    last_message_id uuid,
    last_message_at timestamp with time zone DEFAULT now() NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT conversations_data_object CHECK (((jsonb_typeof(data) = 'object'::text) AND (octet_length((data)::text) <= 65536))),
    CONSTRAINT conversations_direct_pair_check CHECK ((((direct_low IS NULL) AND (direct_high IS NULL)) OR ((direct_low IS NOT NULL) AND (direct_high IS NOT NULL) AND (direct_low < direct_high) AND (member_count = 2)))),
    CONSTRAINT conversations_member_count_check CHECK (((member_count >= 2) AND (member_count <= 50))),
    CONSTRAINT conversations_title_check CHECK (((char_length(title) >= 1) AND (char_length(title) <= 200)))
);

--
-- Name: conversation_result(messaging.conversations, messaging.conversation_members); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.conversation_result(p_conversation messaging.conversations, p_member messaging.conversation_members) RETURNS TABLE(id uuid, village_id uuid, title text, created_by uuid, member_ids uuid[], last_message_id uuid, last_message_at timestamp with time zone, read_up_to_id uuid, unread_count integer, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, activity_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select p_conversation.id, p_conversation.village_id, p_conversation.title, p_conversation.created_by,
  -- At most 50 rows, by the primary key.
  array(select cm.user_id from messaging.conversation_members cm
         where cm.conversation_id = p_conversation.id
         order by cm.created_at, cm.user_id),
  p_conversation.last_message_id, p_conversation.last_message_at,
  p_member.read_up_to_id, p_member.unread_count, p_conversation.data,
  p_conversation.created_at, p_conversation.updated_at,
  -- Microsecond precision, so a cursor built from it skips and repeats nothing.
  to_char(p_member.last_message_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
end;
$$;

--
-- Name: count_pending_outbox(); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.count_pending_outbox() RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result bigint;
begin
  select count(*) from messaging.outbox where published_at is null
    into v_result;
  return v_result;
end;
$$;

--
-- Name: count_unread_broadcasts(uuid, uuid, integer); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.count_unread_broadcasts(p_village_id uuid, p_user_id uuid, p_unread_cap integer) RETURNS TABLE(read_up_to_id uuid, unread_count integer)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.read_up_to_id,
       (select count(*)::integer from (
          select 1 from messaging.broadcasts b
           where b.village_id = p_village_id
             and (r.read_up_to_at is null or (b.created_at, b.id) > (r.read_up_to_at, r.read_up_to_id))
             and b.author_id <> p_user_id
           order by b.created_at, b.id
           limit p_unread_cap) unread)
  from (select 1) one
  left join messaging.broadcast_reads r on r.village_id = p_village_id and r.user_id = p_user_id;
end;
$$;

--
-- Name: create_conversation(uuid, uuid, uuid[], text, jsonb); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.create_conversation(p_village_id uuid, p_actor_id uuid, p_member_ids uuid[], p_title text DEFAULT NULL::text, p_data jsonb DEFAULT '{}'::jsonb) RETURNS TABLE(id uuid, village_id uuid, title text, created_by uuid, member_ids uuid[], last_message_id uuid, last_message_at timestamp with time zone, read_up_to_id uuid, unread_count integer, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, activity_key text, created boolean)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_members uuid[];
  v_low uuid;
  v_high uuid;
  v_conversation messaging.conversations;
  v_member messaging.conversation_members;
begin
  select array_agg(u order by u) into v_members
    from (select distinct u from unnest(array_append(coalesce(p_member_ids, '{}'), p_actor_id)) u
           where u is not null) d;
  if cardinality(v_members) < 2 or cardinality(v_members) > 50 then
    raise exception using errcode = '22023', message = 'invalid',
      detail = 'memberIds: a conversation has 2 to 50 members, the caller included';
  end if;

  if cardinality(v_members) = 2 then
    v_low := v_members[1];
    v_high := v_members[2];
    select c.* into v_conversation
      from messaging.conversations c
     where c.village_id = p_village_id and c.direct_low = v_low and c.direct_high = v_high;
  end if;

  if v_conversation.id is null then
    -- A concurrent create of the same pair waits here for the first one and then finds its row.
    insert into messaging.conversations as c
      (village_id, title, created_by, direct_low, direct_high, member_count, data)
    values (p_village_id, p_title, p_actor_id, v_low, v_high, cardinality(v_members), coalesce(p_data, '{}'))
    on conflict (village_id, direct_low, direct_high) where direct_low is not null do nothing
    returning c.* into v_conversation;

    if v_conversation.id is not null then
      insert into messaging.conversation_members (conversation_id, user_id, village_id, last_message_at)
      select v_conversation.id, u, p_village_id, v_conversation.last_message_at from unnest(v_members) u;
      perform messaging.emit_event('messaging.conversation.created', 1, p_village_id, p_actor_id,
        jsonb_build_object('conversationId', v_conversation.id, 'villageId', p_village_id,
                           'memberIds', to_jsonb(v_members), 'createdBy', p_actor_id,
                           'title', v_conversation.title));
      select cm.* into v_member from messaging.conversation_members cm
       where cm.conversation_id = v_conversation.id and cm.user_id = p_actor_id;
      return query select r.*, true from messaging.conversation_result(v_conversation, v_member) r;
      return;
    end if;

    select c.* into v_conversation
      from messaging.conversations c
     where c.village_id = p_village_id and c.direct_low = v_low and c.direct_high = v_high;
  end if;

  select cm.* into v_member from messaging.conversation_members cm
   where cm.conversation_id = v_conversation.id and cm.user_id = p_actor_id;
  return query select r.*, false from messaging.conversation_result(v_conversation, v_member) r;
end;
$$;

--
-- Name: create_fixed_topics(uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.create_fixed_topics(p_village_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_topics jsonb;
begin
  perform pg_advisory_xact_lock(hashtextextended('messaging.app_topics', 0));
  insert into messaging.topic_villages (village_id) values (p_village_id) on conflict do nothing;
  select a.topics into v_topics from messaging.app_topics a;
  if v_topics is null then
    return 0;
  end if;
  return messaging.ensure_fixed_topics_in_village(p_village_id, v_topics);
end;
$$;

--
-- Name: create_post(uuid, uuid, text, uuid, jsonb, boolean); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.create_post(p_topic_id uuid, p_actor_id uuid, p_body text, p_parent_id uuid DEFAULT NULL::uuid, p_data jsonb DEFAULT '{}'::jsonb, p_allow_locked boolean DEFAULT false) RETURNS TABLE(id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_topic messaging.topics;
  v_parent messaging.posts;
  v_post messaging.posts;
begin
  -- Shared: posts go in concurrently, while a moderator's lock/archive waits for them (and they for it).
  select t.* into v_topic from messaging.topics t where t.id = p_topic_id for share of t;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such topic';
  end if;
  if v_topic.archived then
    raise exception using errcode = '55000', message = 'conflict', detail = 'The topic is archived and takes no posts';
  end if;
  if v_topic.locked and not coalesce(p_allow_locked, false) then
    raise exception using errcode = '55000', message = 'conflict', detail = 'The topic is locked and takes no posts';
  end if;

  if p_parent_id is not null then
    select p.* into v_parent from messaging.posts p where p.id = p_parent_id for update of p;
    if not found or v_parent.topic_id <> p_topic_id then
      raise exception using errcode = '23503', message = 'invalid',
        detail = 'parentId: no such post in this topic';
    end if;
    if v_parent.parent_id is not null then
      raise exception using errcode = '22023', message = 'invalid',
        detail = 'parentId: a reply cannot be replied to; reply to its thread (the top-level post)';
    end if;
  end if;

  insert into messaging.posts as p (topic_id, village_id, parent_id, author_id, body, data)
  values (p_topic_id, v_topic.village_id, p_parent_id, p_actor_id, p_body, coalesce(p_data, '{}'))
  returning p.* into v_post;

  if p_parent_id is not null then
    update messaging.posts p
       set reply_count = p.reply_count + 1,
           last_reply_at = greatest(p.last_reply_at, v_post.created_at),
           last_activity_at = greatest(p.last_activity_at, v_post.created_at)
     where p.id = p_parent_id;
  end if;

  perform messaging.emit_event('messaging.post.created', 1, v_post.village_id, p_actor_id,
    messaging.post_event_fields(v_post)
      || jsonb_build_object('parentAuthorId', v_parent.author_id, 'body', v_post.body, 'data', v_post.data));

  return query
    select v_post.id, v_post.topic_id, v_post.village_id, v_post.parent_id, v_post.author_id, v_post.body,
           v_post.data, v_post.reply_count, v_post.last_reply_at, v_post.last_activity_at, v_post.reactions,
           '{}'::text[], v_post.edited_at, v_post.deleted_at, v_post.created_at, v_post.updated_at,
           to_char(v_post.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
end;
$$;

--
-- Name: create_topic(uuid, uuid, text, text, jsonb); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.create_topic(p_village_id uuid, p_actor_id uuid, p_title text, p_description text DEFAULT ''::text, p_data jsonb DEFAULT '{}'::jsonb) RETURNS TABLE(id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid, pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_topic messaging.topics;
begin
  insert into messaging.topics as t (village_id, title, description, created_by, data)
  values (p_village_id, p_title, coalesce(p_description, ''), p_actor_id, coalesce(p_data, '{}'))
  returning t.* into v_topic;

  perform messaging.emit_event('messaging.topic.created', 1, p_village_id, p_actor_id,
    messaging.topic_event_fields(v_topic));
  return query select * from messaging.topic_result(v_topic);
end;
$$;

--
-- Name: create_village_fixed_topics(uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.create_village_fixed_topics(p_village_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if exists (select 1 from messaging.villages v where v.id = p_village_id and v.deleted) then
    return 0;
  end if;
  return messaging.create_fixed_topics(p_village_id);
end;
$$;

--
-- Name: delete_message(uuid, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.delete_message(p_message_id uuid, p_actor_id uuid) RETURNS TABLE(id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb, edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_message messaging.messages;
begin
  select x.* into v_message from messaging.messages x where x.id = p_message_id for update of x;
  if not found then
    return;
  end if;
  if v_message.deleted_at is null then
    update messaging.messages x
       set body = '', attachments = '{}', data = '{}', deleted_at = clock_timestamp(), updated_at = clock_timestamp()
     where x.id = p_message_id
    returning x.* into v_message;

    perform messaging.emit_event('messaging.message.deleted', 1, v_message.village_id, p_actor_id,
      jsonb_build_object('conversationId', v_message.conversation_id, 'messageId', v_message.id,
                         'villageId', v_message.village_id, 'authorId', v_message.author_id,
                         'recipientIds',
                         to_jsonb(messaging.conversation_recipients(v_message.conversation_id, v_message.author_id))));
  end if;
  return query select * from messaging.message_result(v_message);
end;
$$;

--
-- Name: delete_post(uuid, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.delete_post(p_post_id uuid, p_actor_id uuid) RETURNS TABLE(post_id uuid, topic_id uuid, village_id uuid, tombstone boolean)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_parent_id uuid;
  v_parent messaging.posts;
  v_post messaging.posts;
  v_tombstone boolean := false;
begin
  select p.parent_id into v_parent_id from messaging.posts p where p.id = p_post_id;
  if v_parent_id is not null then
    perform 1 from messaging.posts p where p.id = v_parent_id for update of p;
  end if;
  select p.* into v_post from messaging.posts p
   where p.id = p_post_id and p.deleted_at is null
     for update of p;
  if not found then
    return;
  end if;

  if v_post.parent_id is null and v_post.reply_count > 0 then
    update messaging.posts p
       set body = '', data = '{}', deleted_at = now(), updated_at = now()
     where p.id = v_post.id;
    v_tombstone := true;
  else
    delete from messaging.posts p where p.id = v_post.id;
  end if;

  if v_post.parent_id is not null then
    update messaging.posts p
       set reply_count = p.reply_count - 1,
           last_reply_at = l.last_reply_at,
           last_activity_at = greatest(p.created_at, l.last_reply_at)
      from (select max(r.created_at) as last_reply_at
              from messaging.posts r where r.parent_id = v_post.parent_id) l
     where p.id = v_post.parent_id
    returning p.* into v_parent;
    if v_parent.deleted_at is not null and v_parent.reply_count = 0 then
      delete from messaging.posts p where p.id = v_parent.id;
    end if;
  end if;

  perform messaging.emit_event('messaging.post.deleted', 1, v_post.village_id, p_actor_id,
    messaging.post_event_fields(v_post) || jsonb_build_object('tombstone', v_tombstone));
  return query select v_post.id, v_post.topic_id, v_post.village_id, v_tombstone;
end;
$$;

--
-- Name: delete_topic(uuid, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.delete_topic(p_topic_id uuid, p_actor_id uuid) RETURNS TABLE(topic_id uuid, village_id uuid)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_topic messaging.topics;
begin
  delete from messaging.topics t
   where t.id = p_topic_id and t.fixed_key is null
  returning t.* into v_topic;
  if not found then
    return;
  end if;
  perform messaging.emit_event('messaging.topic.deleted', 1, v_topic.village_id, p_actor_id,
    jsonb_build_object('topicId', v_topic.id, 'villageId', v_topic.village_id, 'fixedKey', null,
                       'title', v_topic.title));
  return query select v_topic.id, v_topic.village_id;
end;
$$;

--
-- Name: edit_message(uuid, uuid, text, jsonb); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.edit_message(p_message_id uuid, p_actor_id uuid, p_body text DEFAULT NULL::text, p_data jsonb DEFAULT NULL::jsonb) RETURNS TABLE(id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb, edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_old messaging.messages;
  v_new messaging.messages;
  v_changed text[] := '{}';
begin
  select x.* into v_old from messaging.messages x where x.id = p_message_id for update of x;
  if not found then
    return;
  end if;
  if v_old.deleted_at is not null then
    raise exception using errcode = '55000', message = 'conflict', detail = 'A deleted message cannot be edited';
  end if;

  if p_body is not null and p_body is distinct from v_old.body then v_changed := array_append(v_changed, 'body'); end if;
  if p_data is not null and p_data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;
  if cardinality(v_changed) = 0 then
    return query select * from messaging.message_result(v_old);
    return;
  end if;

  update messaging.messages x
     set body = coalesce(p_body, x.body), data = coalesce(p_data, x.data),
         edited_at = clock_timestamp(), updated_at = clock_timestamp()
   where x.id = p_message_id
  returning x.* into v_new;

  perform messaging.emit_event('messaging.message.edited', 1, v_new.village_id, p_actor_id,
    jsonb_build_object('conversationId', v_new.conversation_id, 'messageId', v_new.id,
                       'villageId', v_new.village_id, 'authorId', v_new.author_id,
                       'recipientIds', to_jsonb(messaging.conversation_recipients(v_new.conversation_id, v_new.author_id)),
                       'changed', to_jsonb(v_changed)));

  return query select * from messaging.message_result(v_new);
end;
$$;

--
-- Name: emit_event(text, integer, uuid, uuid, jsonb); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.emit_event(p_type text, p_version integer, p_village_id uuid, p_actor_id uuid, p_data jsonb) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_id uuid := messaging.uuid_v7();
begin
  insert into messaging.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  select v_id, p_type, p_version, p_village_id, p_actor_id, p_data, c.request_id, c.traceparent
    from messaging.outbox_request_context() as c;
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('messaging_outbox', '');
  return v_id;
end;
$$;

--
-- Name: emit_events(text, integer, uuid[], uuid[], jsonb[]); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.emit_events(p_type text, p_version integer, p_village_ids uuid[], p_actor_ids uuid[], p_data jsonb[]) RETURNS integer
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
  insert into messaging.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  select messaging.uuid_v7(), p_type, p_version, e.village_id, e.actor_id, e.data, c.request_id, c.traceparent
    from unnest(p_village_ids, p_actor_ids, p_data) with ordinality as e(village_id, actor_id, data, ord)
   cross join messaging.outbox_request_context() as c
   order by e.ord;
  get diagnostics v_count = row_count;
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('messaging_outbox', '');
  return v_count;
end;
$$;

--
-- Name: ensure_fixed_topics_in_village(uuid, jsonb); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.ensure_fixed_topics_in_village(p_village_id uuid, p_topics jsonb) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_key text;
  v_def jsonb;
  v_topic messaging.topics;
  v_old messaging.topics;
  v_changed text[];
  v_created integer := 0;
begin
  for v_key, v_def in select e.key, e.value from jsonb_each(p_topics) e order by e.key loop
    insert into messaging.topics as t (village_id, fixed_key, title, description, locked)
    values (p_village_id, v_key, v_def ->> 'title', coalesce(v_def ->> 'description', ''),
            coalesce((v_def ->> 'locked')::boolean, false))
    on conflict on constraint topics_village_fixed_key_key do nothing
    returning t.* into v_topic;
    if found then
      v_created := v_created + 1;
      perform messaging.emit_event('messaging.topic.created', 1, p_village_id, null,
        messaging.topic_event_fields(v_topic));
      continue;
    end if;

    select t.* into v_old from messaging.topics t
     where t.village_id = p_village_id and t.fixed_key = v_key
       for update of t;
    v_changed := '{}';
    if v_old.title is distinct from v_def ->> 'title' then
      v_changed := array_append(v_changed, 'title');
    end if;
    if v_old.description is distinct from coalesce(v_def ->> 'description', '') then
      v_changed := array_append(v_changed, 'description');
    end if;
    if cardinality(v_changed) > 0 then
      update messaging.topics t
         set title = v_def ->> 'title', description = coalesce(v_def ->> 'description', ''), updated_at = now()
       where t.id = v_old.id
      returning t.* into v_topic;
      perform messaging.emit_event('messaging.topic.updated', 1, p_village_id, null,
        messaging.topic_event_fields(v_topic) || jsonb_build_object('changed', to_jsonb(v_changed)));
    end if;
  end loop;
  return v_created;
end;
$$;

--
-- Name: find_village_topic_ids(uuid, uuid[]); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.find_village_topic_ids(p_village_id uuid, p_topic_ids uuid[]) RETURNS TABLE(id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select t.id from messaging.topics t where t.id = any(p_topic_ids) and t.village_id = p_village_id;
end;
$$;

--
-- Name: get_app_roles(); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.get_app_roles() RETURNS TABLE(roles jsonb, document_version integer, version_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.roles, r.document_version, r.version_at from messaging.app_roles r;
end;
$$;

--
-- Name: get_conversation_access(uuid, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.get_conversation_access(p_conversation_id uuid, p_user_id uuid) RETURNS TABLE(conversation_id uuid, village_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select m.conversation_id, m.village_id
   from messaging.conversation_members m
  where m.conversation_id = p_conversation_id and m.user_id = p_user_id;
end;
$$;

--
-- Name: get_membership(uuid, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.get_membership(p_village_id uuid, p_user_id uuid) RETURNS TABLE(village_known boolean, visibility text, village_deleted boolean, village_revision integer, member_known boolean, role text, member_revision integer)
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
  left join messaging.villages v on v.id = k.village_id
  left join messaging.village_members m on m.village_id = k.village_id and m.user_id = k.user_id;
end;
$$;

--
-- Name: get_message_access(uuid, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.get_message_access(p_message_id uuid, p_user_id uuid) RETURNS TABLE(message_id uuid, conversation_id uuid, village_id uuid, author_id uuid, deleted boolean)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select x.id, x.conversation_id, x.village_id, x.author_id, x.deleted_at is not null
   from messaging.messages x
   join messaging.conversation_members m on m.conversation_id = x.conversation_id and m.user_id = p_user_id
  where x.id = p_message_id;
end;
$$;

--
-- Name: get_post(uuid, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.get_post(p_post_id uuid, p_actor_id uuid) RETURNS TABLE(id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select v.* from messaging.posts p cross join lateral messaging.post_view(p, p_actor_id) v where p.id = p_post_id;
end;
$$;

--
-- Name: get_replica_bootstrap(text); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.get_replica_bootstrap(p_replica text) RETURNS TABLE(started_at timestamp with time zone, completed_at timestamp with time zone, leased_until timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.started_at, r.completed_at, r.leased_until from messaging.replica_bootstraps r where r.replica = p_replica;
end;
$$;

--
-- Name: get_topic(uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.get_topic(p_topic_id uuid) RETURNS TABLE(id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid, pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.* from messaging.topics t cross join lateral messaging.topic_result(t) r where t.id = p_topic_id;
end;
$$;

--
-- Name: get_topic_with_membership(uuid, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.get_topic_with_membership(p_topic_id uuid, p_actor_id uuid) RETURNS TABLE(replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid, pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select m.village_known, m.visibility, m.village_deleted, m.village_revision, m.member_known, m.role,
        m.member_revision, r.*
   from messaging.topics t
  cross join lateral messaging.topic_result(t) r
  cross join lateral messaging.get_membership(t.village_id, p_actor_id) m
  where t.id = p_topic_id;
end;
$$;

--
-- Name: list_broadcasts(uuid, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.list_broadcasts(p_village_id uuid, p_limit integer, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, village_id uuid, author_id uuid, body text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.*
   from messaging.broadcasts b
  cross join lateral messaging.broadcast_result(b) r
  where b.village_id = p_village_id
    and (p_before_created_at is null or (b.created_at, b.id) < (p_before_created_at, p_before_id))
  order by b.created_at desc, b.id desc
  limit p_limit;
end;
$$;

--
-- Name: list_conversations(uuid, uuid, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.list_conversations(p_village_id uuid, p_user_id uuid, p_limit integer, p_before_last_message_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, village_id uuid, title text, created_by uuid, member_ids uuid[], last_message_id uuid, last_message_at timestamp with time zone, read_up_to_id uuid, unread_count integer, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, activity_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.*
   from messaging.conversation_members m
   join messaging.conversations c on c.id = m.conversation_id
  cross join lateral messaging.conversation_result(c, m) r
  where m.user_id = p_user_id
    and m.village_id = p_village_id
    and (p_before_last_message_at is null
         or (m.last_message_at, m.conversation_id) < (p_before_last_message_at, p_before_id))
  order by m.last_message_at desc, m.conversation_id desc
  limit p_limit;
end;
$$;

--
-- Name: list_messages(uuid, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.list_messages(p_conversation_id uuid, p_limit integer, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb, edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.*
   from messaging.messages x
  cross join lateral messaging.message_result(x) r
  where x.conversation_id = p_conversation_id
    and (p_before_created_at is null or (x.created_at, x.id) < (p_before_created_at, p_before_id))
  order by x.created_at desc, x.id desc
  limit p_limit;
end;
$$;

--
-- Name: list_messages_with_membership(uuid, uuid, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.list_messages_with_membership(p_conversation_id uuid, p_user_id uuid, p_limit integer, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(conversation_village_id uuid, replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb, edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select c.village_id,
        m.village_known, m.visibility, m.village_deleted, m.village_revision, m.member_known, m.role,
        m.member_revision,
        x.id, x.conversation_id, x.village_id, x.author_id, x.body, x.attachments, x.data, x.edited_at,
        x.deleted_at, x.created_at, x.updated_at, x.sort_key
   from messaging.conversation_members c
  cross join lateral messaging.get_membership(c.village_id, p_user_id) m
   left join lateral messaging.list_messages(p_conversation_id, p_limit, p_before_created_at,
                                             p_before_id) with ordinality x on true
  where c.conversation_id = p_conversation_id and c.user_id = p_user_id
  order by x.ordinality;
end;
$$;

--
-- Name: list_my_reactions(uuid, uuid[]); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.list_my_reactions(p_actor_id uuid, p_post_ids uuid[]) RETURNS TABLE(post_id uuid, emojis text[])
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.post_id, array_agg(r.emoji order by r.emoji)
   from messaging.post_reactions r
  where r.post_id = any (p_post_ids) and r.user_id = p_actor_id
  group by r.post_id;
end;
$$;

--
-- Name: list_posts(uuid, uuid, integer, timestamp with time zone, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.list_posts(p_topic_id uuid, p_actor_id uuid, p_limit integer, p_as_of timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_position timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text, as_of text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select (page.p).id, (page.p).topic_id, (page.p).village_id, (page.p).parent_id, (page.p).author_id,
        (page.p).body, (page.p).data, (page.p).reply_count, (page.p).last_reply_at, (page.p).last_activity_at,
        (page.p).reactions,
        coalesce((select array_agg(r.emoji order by r.emoji)
                    from messaging.post_reactions r
                   where r.post_id = (page.p).id and r.user_id = p_actor_id), '{}'),
        (page.p).edited_at, (page.p).deleted_at, (page.p).created_at, (page.p).updated_at,
        to_char(page.position at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        to_char(coalesce(p_as_of, now()) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
   from (
     (select p, p.last_activity_at as position
        from messaging.posts p
       where p.topic_id = p_topic_id and p.parent_id is null
         and (p.last_activity_at, p.id)
             < (coalesce(p_before_position, coalesce(p_as_of, now()) + interval '1 microsecond'),
                coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'))
       order by p.last_activity_at desc, p.id desc
       limit p_limit)
     union all
     (select b.p, b.position
        from (select p,
                     greatest(p.created_at,
                              (select max(r.created_at) from messaging.posts r
                                where r.parent_id = p.id and r.created_at <= coalesce(p_as_of, now()))) as position
                from messaging.posts p
               where p.topic_id = p_topic_id and p.parent_id is null
                 and p.last_activity_at > coalesce(p_as_of, now())
                 and p.created_at <= coalesce(p_as_of, now())) b
       where (b.position, (b.p).id)
             < (coalesce(p_before_position, coalesce(p_as_of, now()) + interval '1 microsecond'),
                coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'))
       order by b.position desc, (b.p).id desc
       limit p_limit)
   ) page
  order by page.position desc, (page.p).id desc
  limit p_limit;
end;
$$;

--
-- Name: list_posts_page_json(uuid, uuid, integer, timestamp with time zone, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.list_posts_page_json(p_topic_id uuid, p_actor_id uuid, p_limit integer, p_as_of timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_position timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(topic_village_id uuid, replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, items text, has_more boolean, last_as_of text, last_sort_key text, last_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return query
  select t.village_id, m.village_known, m.visibility, m.village_deleted, m.village_revision,
         m.member_known, m.role, m.member_revision,
         coalesce(page.items, '[]'), coalesce(page.rows > p_limit, false),
         page.last_as_of, page.last_sort_key, page.last_id
    from messaging.topics t
   cross join lateral messaging.get_membership(t.village_id, p_actor_id) m
   cross join lateral (
     select count(*) as rows,
            json_agg(json_build_object(
              'id', p.id, 'topicId', p.topic_id, 'villageId', p.village_id, 'parentId', p.parent_id,
              'authorId', p.author_id, 'body', p.body, 'data', p.data, 'replyCount', p.reply_count,
              'lastReplyAt', to_char(p.last_reply_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'lastActivityAt', to_char(p.last_activity_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'reactions', p.reactions, 'myReactions', p.my_reactions,
              'editedAt', to_char(p.edited_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'deletedAt', to_char(p.deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'createdAt', to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'updatedAt', to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
              order by p.ordinality) filter (where p.ordinality <= p_limit)::text as items,
            max(p.as_of) filter (where p.ordinality = p_limit) as last_as_of,
            max(p.sort_key) filter (where p.ordinality = p_limit) as last_sort_key,
            (array_agg(p.id) filter (where p.ordinality = p_limit))[1] as last_id
       from messaging.list_posts(p_topic_id, p_actor_id, p_limit + 1, p_as_of, p_before_position,
                                 p_before_id) with ordinality p
   ) page
   where t.id = p_topic_id;
end;
$$;

--
-- Name: list_posts_with_membership(uuid, uuid, integer, timestamp with time zone, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.list_posts_with_membership(p_topic_id uuid, p_actor_id uuid, p_limit integer, p_as_of timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_position timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(topic_village_id uuid, replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text, as_of text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select t.village_id, m.village_known, m.visibility, m.village_deleted, m.village_revision,
        m.member_known, m.role, m.member_revision,
        p.id, p.topic_id, p.village_id, p.parent_id, p.author_id, p.body, p.data, p.reply_count,
        p.last_reply_at, p.last_activity_at, p.reactions, p.my_reactions, p.edited_at, p.deleted_at,
        p.created_at, p.updated_at, p.sort_key, p.as_of
   from messaging.topics t
  cross join lateral messaging.get_membership(t.village_id, p_actor_id) m
   left join lateral messaging.list_posts(p_topic_id, p_actor_id, p_limit, p_as_of, p_before_position,
                                          p_before_id) with ordinality p on true
  where t.id = p_topic_id
  order by p.ordinality;
end;
$$;

--
-- Name: list_replies(uuid, uuid, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.list_replies(p_parent_id uuid, p_actor_id uuid, p_limit integer, p_after_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_after_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select (page.p).id, (page.p).topic_id, (page.p).village_id, (page.p).parent_id, (page.p).author_id,
        (page.p).body, (page.p).data, (page.p).reply_count, (page.p).last_reply_at, (page.p).last_activity_at,
        (page.p).reactions,
        coalesce((select array_agg(r.emoji order by r.emoji)
                    from messaging.post_reactions r
                   where r.post_id = (page.p).id and r.user_id = p_actor_id), '{}'),
        (page.p).edited_at, (page.p).deleted_at, (page.p).created_at, (page.p).updated_at,
        to_char((page.p).created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
   from (select p
           from messaging.posts p
          where p.parent_id = p_parent_id
            and (p.created_at, p.id)
                > (coalesce(p_after_created_at, '-infinity'), coalesce(p_after_id, '00000000-0000-0000-0000-000000000000'))
          order by p.created_at, p.id
          limit p_limit) page
  order by (page.p).created_at, (page.p).id;
end;
$$;

--
-- Name: list_replies_with_membership(uuid, uuid, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.list_replies_with_membership(p_parent_id uuid, p_actor_id uuid, p_limit integer, p_after_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_after_id uuid DEFAULT NULL::uuid) RETURNS TABLE(parent_topic_id uuid, parent_village_id uuid, replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select parent.topic_id, parent.village_id,
        m.village_known, m.visibility, m.village_deleted, m.village_revision, m.member_known, m.role,
        m.member_revision,
        r.id, r.topic_id, r.village_id, r.parent_id, r.author_id, r.body, r.data, r.reply_count,
        r.last_reply_at, r.last_activity_at, r.reactions, r.my_reactions, r.edited_at, r.deleted_at,
        r.created_at, r.updated_at, r.sort_key
   from messaging.posts parent
  cross join lateral messaging.get_membership(parent.village_id, p_actor_id) m
   left join lateral messaging.list_replies(p_parent_id, p_actor_id, p_limit, p_after_created_at,
                                            p_after_id) with ordinality r on true
  where parent.id = p_parent_id
  order by r.ordinality;
end;
$$;

--
-- Name: list_topics(uuid, integer, boolean, boolean, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.list_topics(p_village_id uuid, p_limit integer, p_archived boolean DEFAULT false, p_before_pinned boolean DEFAULT NULL::boolean, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid, pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.*
   from messaging.topics t
  cross join lateral messaging.topic_result(t) r
  where t.village_id = p_village_id
    and t.archived = coalesce(p_archived, false)
    -- One row comparison (no `is null or`), so even a generic plan bounds the index scan.
    and (t.pinned, t.created_at, t.id)
        < (coalesce(p_before_pinned, true), coalesce(p_before_created_at, 'infinity'),
           coalesce(p_before_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
  order by t.pinned desc, t.created_at desc, t.id desc
  limit p_limit;
end;
$$;

--
-- Name: list_topics_with_membership(uuid, uuid, integer, boolean, boolean, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.list_topics_with_membership(p_village_id uuid, p_actor_id uuid, p_limit integer, p_archived boolean DEFAULT false, p_before_pinned boolean DEFAULT NULL::boolean, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid, pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select m.village_known, m.visibility, m.village_deleted, m.village_revision, m.member_known, m.role,
        m.member_revision, l.id, l.village_id, l.fixed_key, l.title, l.description, l.created_by,
        l.pinned, l.locked, l.archived, l.data, l.created_at, l.updated_at, l.sort_key
   from messaging.get_membership(p_village_id, p_actor_id) m
   left join lateral messaging.list_topics(p_village_id, p_limit, p_archived, p_before_pinned,
                                           p_before_created_at, p_before_id) with ordinality l on true
  order by l.ordinality;
end;
$$;

--
-- Name: mark_broadcasts_read(uuid, uuid, uuid, integer); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.mark_broadcasts_read(p_village_id uuid, p_user_id uuid, p_broadcast_id uuid, p_unread_cap integer) RETURNS TABLE(read_up_to_id uuid, unread_count integer)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_at timestamptz;
begin
  select b.created_at into v_at
    from messaging.broadcasts b
   where b.id = p_broadcast_id and b.village_id = p_village_id;
  if not found then
    raise exception using errcode = '22023', message = 'invalid',
      detail = 'upToBroadcastId: not a broadcast of this village';
  end if;
  perform messaging.advance_broadcast_cursor(p_village_id, p_user_id, p_broadcast_id, v_at);
  return query select * from messaging.count_unread_broadcasts(p_village_id, p_user_id, p_unread_cap);
end;
$$;

--
-- Name: mark_conversation_read(uuid, uuid, uuid, integer); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.mark_conversation_read(p_conversation_id uuid, p_user_id uuid, p_message_id uuid, p_unread_cap integer) RETURNS TABLE(conversation_id uuid, read_up_to_id uuid, unread_count integer)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_at timestamptz;
  v_member messaging.conversation_members;
begin
  perform 1 from messaging.conversations c where c.id = p_conversation_id for share of c;

  select cm.* into v_member
    from messaging.conversation_members cm
   where cm.conversation_id = p_conversation_id and cm.user_id = p_user_id
     for update of cm;
  if not found then
    return;
  end if;

  select x.created_at into v_at
    from messaging.messages x
   where x.id = p_message_id and x.conversation_id = p_conversation_id;
  if not found then
    raise exception using errcode = '22023', message = 'invalid',
      detail = 'upToMessageId: not a message of this conversation';
  end if;

  if v_member.read_up_to_at is null or (v_at, p_message_id) > (v_member.read_up_to_at, v_member.read_up_to_id) then
    update messaging.conversation_members cm
       set read_up_to_id = p_message_id,
           read_up_to_at = v_at,
           -- The author's own messages are never after their cursor (a send moves it), so this
           -- range holds at most p_unread_cap rows of others before it stops.
           unread_count = (select count(*)::integer from (
                             select 1 from messaging.messages x
                              where x.conversation_id = p_conversation_id
                                and (x.created_at, x.id) > (v_at, p_message_id)
                                and x.author_id <> p_user_id
                              order by x.created_at, x.id
                              limit p_unread_cap) unread),
           updated_at = now()
     where cm.conversation_id = p_conversation_id and cm.user_id = p_user_id
    returning cm.* into v_member;
  end if;

  return query select v_member.conversation_id, v_member.read_up_to_id, v_member.unread_count;
end;
$$;

--
-- Name: messages; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.messages (
    id uuid DEFAULT messaging.uuid_v7() NOT NULL,
    conversation_id uuid NOT NULL,
    village_id uuid NOT NULL,
    author_id uuid NOT NULL,
    body text NOT NULL,
    attachments uuid[] DEFAULT '{}'::uuid[] NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    edited_at timestamp with time zone,
    deleted_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    updated_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    search_vector tsvector,
    CONSTRAINT messages_attachments_check CHECK ((cardinality(attachments) <= 10)),
    CONSTRAINT messages_body_check CHECK ((octet_length(body) <= 16384)),
    CONSTRAINT messages_body_present_check CHECK (((deleted_at IS NOT NULL) OR (char_length(body) >= 1))),
    CONSTRAINT messages_data_object CHECK (((jsonb_typeof(data) = 'object'::text) AND (octet_length((data)::text) <= 65536))),
    CONSTRAINT messages_tombstone_check CHECK (((deleted_at IS NULL) OR ((body = ''::text) AND (cardinality(attachments) = 0) AND (data = '{}'::jsonb))))
);

--
-- Name: message_result(messaging.messages); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.message_result(p_message messaging.messages) RETURNS TABLE(id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb, edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select p_message.id, p_message.conversation_id, p_message.village_id, p_message.author_id, p_message.body,
  p_message.attachments, p_message.data, p_message.edited_at, p_message.deleted_at,
  p_message.created_at, p_message.updated_at,
  to_char(p_message.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
end;
$$;

--
-- Name: next_outbox_batch(uuid[], integer); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.next_outbox_batch(p_published uuid[], p_limit integer) RETURNS TABLE(seq bigint, id uuid, type text, version integer, village_id uuid, actor_id uuid, data jsonb, occurred_at timestamp with time zone, request_id text, traceparent text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update messaging.outbox o set published_at = clock_timestamp()
   where o.id = any(p_published) and o.published_at is null;
  return query
    select o.seq, o.id, o.type, o.version, o.village_id, o.actor_id, o.data, o.occurred_at,
           o.request_id, o.traceparent
      from messaging.outbox o
     where o.published_at is null
     order by o.seq
     limit p_limit;
end;
$$;

--
-- Name: outbox_backlog(); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.outbox_backlog() RETURNS TABLE(pending bigint, oldest_occurred_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select count(*), min(o.occurred_at) from messaging.outbox o where o.published_at is null;
end;
$$;

--
-- Name: outbox_request_context(); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.outbox_request_context(OUT request_id text, OUT traceparent text) RETURNS record
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
-- Name: posts; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.posts (
    id uuid DEFAULT messaging.uuid_v7() NOT NULL,
    topic_id uuid NOT NULL,
    village_id uuid NOT NULL,
    parent_id uuid,
    author_id uuid NOT NULL,
    body text NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    reply_count integer DEFAULT 0 NOT NULL,
    last_reply_at timestamp with time zone,
    last_activity_at timestamp with time zone DEFAULT now() NOT NULL,
    reactions jsonb DEFAULT '{}'::jsonb NOT NULL,
    edited_at timestamp with time zone,
    deleted_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    search_vector tsvector,
    CONSTRAINT posts_body_check CHECK ((octet_length(body) <= 16384)),
    CONSTRAINT posts_body_present_check CHECK (((deleted_at IS NOT NULL) OR (char_length(body) >= 1))),
    CONSTRAINT posts_data_object CHECK (((jsonb_typeof(data) = 'object'::text) AND (octet_length((data)::text) <= 65536))),
    CONSTRAINT posts_reactions_object CHECK ((jsonb_typeof(reactions) = 'object'::text)),
    CONSTRAINT posts_reply_count_check CHECK ((reply_count >= 0)),
    CONSTRAINT posts_reply_shape_check CHECK (((parent_id IS NULL) OR ((reply_count = 0) AND (last_reply_at IS NULL))))
);

--
-- Name: post_event_fields(messaging.posts); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.post_event_fields(p_post messaging.posts) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return jsonb_build_object('postId', p_post.id, 'topicId', p_post.topic_id, 'villageId', p_post.village_id,
  'parentId', p_post.parent_id, 'authorId', p_post.author_id);
end;
$$;

--
-- Name: post_view(messaging.posts, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.post_view(p_post messaging.posts, p_actor_id uuid) RETURNS TABLE(id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select p_post.id, p_post.topic_id, p_post.village_id, p_post.parent_id, p_post.author_id, p_post.body,
  p_post.data, p_post.reply_count, p_post.last_reply_at, p_post.last_activity_at, p_post.reactions,
  coalesce((select array_agg(r.emoji order by r.emoji)
              from messaging.post_reactions r
             where r.post_id = p_post.id and r.user_id = p_actor_id), '{}'),
  p_post.edited_at, p_post.deleted_at, p_post.created_at, p_post.updated_at,
  to_char(p_post.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
end;
$$;

--
-- Name: purge_idempotency_keys(timestamp with time zone); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.purge_idempotency_keys(p_created_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from messaging.idempotency_keys where created_at < p_created_before returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: purge_inbox(text, timestamp with time zone, integer); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.purge_inbox(p_consumer text, p_processed_before timestamp with time zone, p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with doomed as (
    select i.event_id from messaging.inbox i
     where i.consumer = p_consumer and i.processed_at < p_processed_before
     limit p_limit
       for update skip locked),
  gone as (
    delete from messaging.inbox i using doomed d
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
-- Name: purge_outbox(timestamp with time zone); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.purge_outbox(p_published_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from messaging.outbox where published_at < p_published_before returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: purge_replica_tombstones(timestamp with time zone); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.purge_replica_tombstones(p_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_members integer;
  v_villages integer;
begin
  delete from messaging.village_members m where m.removed and m.updated_at < p_before;
  get diagnostics v_members = row_count;
  delete from messaging.villages v where v.deleted and v.updated_at < p_before;
  get diagnostics v_villages = row_count;
  return v_members + v_villages;
end;
$$;

--
-- Name: remove_reaction(uuid, uuid, text); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.remove_reaction(p_post_id uuid, p_actor_id uuid, p_emoji text) RETURNS TABLE(id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_post messaging.posts;
begin
  select p.* into v_post from messaging.posts p where p.id = p_post_id for update of p;
  if not found then
    return;
  end if;

  delete from messaging.post_reactions r
   where r.post_id = p_post_id and r.user_id = p_actor_id and r.emoji = p_emoji;
  if found then
    update messaging.posts p
       set reactions = case when (p.reactions ->> p_emoji)::integer > 1
                            then jsonb_set(p.reactions, array[p_emoji], to_jsonb((p.reactions ->> p_emoji)::integer - 1))
                            else p.reactions - p_emoji end
     where p.id = p_post_id
    returning p.* into v_post;
    perform messaging.emit_event('messaging.reaction.removed', 1, v_post.village_id, p_actor_id,
      jsonb_build_object('postId', v_post.id, 'topicId', v_post.topic_id, 'villageId', v_post.village_id,
                         'postAuthorId', v_post.author_id, 'userId', p_actor_id, 'emoji', p_emoji));
  end if;
  return query select * from messaging.post_view(v_post, p_actor_id);
end;
$$;

--
-- Name: renew_replica_bootstrap(text, timestamp with time zone, integer); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.renew_replica_bootstrap(p_replica text, p_started_at timestamp with time zone, p_lease_ms integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  update messaging.replica_bootstraps r
     set leased_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0), updated_at = now()
   where r.replica = p_replica and r.started_at = p_started_at;
  return found;
end;
$$;

--
-- Name: search_language(); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.search_language() RETURNS regconfig
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result regconfig;
begin
  select s.language from messaging.search_settings s
    into v_result;
  return v_result;
end;
$$;

--
-- Name: search_language_lock_key(); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.search_language_lock_key() RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return hashtextextended('messaging.search_language', 0);
end;
$$;

--
-- Name: search_village(uuid, uuid, text, integer, boolean, double precision, timestamp with time zone, uuid); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.search_village(p_village_id uuid, p_user_id uuid, p_query text, p_limit integer, p_include_messages boolean DEFAULT false, p_before_rank double precision DEFAULT NULL::double precision, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(kind text, id uuid, topic_id uuid, conversation_id uuid, parent_id uuid, author_id uuid, snippet text, rank double precision, created_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_language regconfig := messaging.search_language();
  v_query tsquery := websearch_to_tsquery(v_language, p_query);
begin
  -- Only stop words (e.g. "the"): nothing can match.
  if numnode(v_query) = 0 then
    return;
  end if;
  return query
  with hits as (
    select 'post'::text as kind, p.id, p.topic_id, null::uuid as conversation_id, p.parent_id,
           p.author_id, p.body, ts_rank_cd(p.search_vector, v_query)::double precision as rank, p.created_at
      from messaging.posts p
      join messaging.topics t on t.id = p.topic_id
     where p.search_vector @@ v_query
       and p.deleted_at is null
       and p.village_id = p_village_id
       and not t.archived
    union all
    select 'message'::text, m.id, null::uuid, m.conversation_id, null::uuid,
           m.author_id, m.body, ts_rank_cd(m.search_vector, v_query)::double precision, m.created_at
      from messaging.messages m
      join messaging.conversation_members cm
        on cm.conversation_id = m.conversation_id and cm.user_id = p_user_id
     where p_include_messages
       and m.search_vector @@ v_query
       and m.deleted_at is null
       and m.village_id = p_village_id
  ), page as (
    select h.*
      from hits h
     where p_before_rank is null
        or (h.rank, h.created_at, h.id) < (p_before_rank, p_before_created_at, p_before_id)
     order by h.rank desc, h.created_at desc, h.id desc
     limit p_limit
  )
  -- Headlines only for the page's rows (ts_headline re-parses the body).
  select pg.kind, pg.id, pg.topic_id, pg.conversation_id, pg.parent_id, pg.author_id,
         ts_headline(v_language, translate(pg.body, U&'\E000\E001', ''), v_query,
           'StartSel=' || U&'\E000' || ', StopSel=' || U&'\E001'
             || ', MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "'),
         pg.rank, pg.created_at,
         to_char(pg.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    from page pg
   order by pg.rank desc, pg.created_at desc, pg.id desc;
end;
$$;

--
-- Name: send_broadcast(uuid, uuid, text, jsonb); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.send_broadcast(p_village_id uuid, p_author_id uuid, p_body text, p_data jsonb DEFAULT '{}'::jsonb) RETURNS TABLE(id uuid, village_id uuid, author_id uuid, body text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_broadcast messaging.broadcasts;
begin
  perform pg_advisory_xact_lock(hashtextextended('messaging.broadcasts:' || p_village_id::text, 0));

  -- created_at defaults to clock_timestamp(): taken after the lock, so it follows commit order.
  insert into messaging.broadcasts as b (village_id, author_id, body, data)
  values (p_village_id, p_author_id, p_body, coalesce(p_data, '{}'))
  returning b.* into v_broadcast;

  perform messaging.advance_broadcast_cursor(p_village_id, p_author_id, v_broadcast.id, v_broadcast.created_at);

  perform messaging.emit_event('messaging.broadcast.sent', 1, p_village_id, p_author_id,
    jsonb_build_object('broadcastId', v_broadcast.id, 'villageId', p_village_id, 'authorId', p_author_id,
                       'body', v_broadcast.body));

  return query select * from messaging.broadcast_result(v_broadcast);
end;
$$;

--
-- Name: send_message(uuid, uuid, text, uuid[], jsonb); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.send_message(p_conversation_id uuid, p_author_id uuid, p_body text, p_attachments uuid[] DEFAULT '{}'::uuid[], p_data jsonb DEFAULT '{}'::jsonb) RETURNS TABLE(id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb, edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_village_id uuid;
  v_message messaging.messages;
begin
  select c.village_id into v_village_id
    from messaging.conversations c
   where c.id = p_conversation_id
     and exists (select 1 from messaging.conversation_members m
                  where m.conversation_id = c.id and m.user_id = p_author_id)
     for no key update of c;
  if not found then
    return;
  end if;

  -- created_at defaults to clock_timestamp(): taken after the lock, so it follows commit order.
  insert into messaging.messages as x (conversation_id, village_id, author_id, body, attachments, data)
  values (p_conversation_id, v_village_id, p_author_id, p_body, coalesce(p_attachments, '{}'),
          coalesce(p_data, '{}'))
  returning x.* into v_message;

  update messaging.conversations c
     set last_message_id = v_message.id, last_message_at = v_message.created_at, updated_at = now()
   where c.id = p_conversation_id;

  update messaging.conversation_members m
     set last_message_at = v_message.created_at,
         unread_count = case when m.user_id = p_author_id then 0 else m.unread_count + 1 end,
         read_up_to_id = case when m.user_id = p_author_id then v_message.id else m.read_up_to_id end,
         read_up_to_at = case when m.user_id = p_author_id then v_message.created_at else m.read_up_to_at end,
         updated_at = now()
   where m.conversation_id = p_conversation_id;

  perform messaging.emit_event('messaging.message.sent', 1, v_village_id, p_author_id,
    jsonb_build_object('conversationId', p_conversation_id, 'messageId', v_message.id,
                       'villageId', v_village_id, 'authorId', p_author_id,
                       'recipientIds', to_jsonb(messaging.conversation_recipients(p_conversation_id, p_author_id)),
                       'attachments', to_jsonb(v_message.attachments)));

  return query select * from messaging.message_result(v_message);
end;
$$;

--
-- Name: set_search_language(text); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.set_search_language(p_language text) RETURNS TABLE(language text, changed boolean, reindexed_posts bigint, reindexed_messages bigint)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_language regconfig;
  v_posts bigint := 0;
  v_messages bigint := 0;
begin
  begin
    v_language := p_language::regconfig;
  exception when undefined_object or invalid_name or syntax_error then
    raise exception using errcode = '22023', message = 'invalid',
      detail = format('No text search configuration named %s', p_language);
  end;
  perform pg_advisory_xact_lock(messaging.search_language_lock_key());
  if (select s.language from messaging.search_settings s) = v_language then
    return query select v_language::text, false, 0::bigint, 0::bigint;
    return;
  end if;
  update messaging.search_settings s set language = v_language, updated_at = now();
  update messaging.posts p set search_vector = to_tsvector(v_language, p.body);
  get diagnostics v_posts = row_count;
  update messaging.messages m set search_vector = to_tsvector(v_language, m.body);
  get diagnostics v_messages = row_count;
  return query select v_language::text, true, v_posts, v_messages;
end;
$$;

--
-- Name: set_search_vector(); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.set_search_vector() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  perform pg_advisory_xact_lock_shared(messaging.search_language_lock_key());
  new.search_vector := to_tsvector(messaging.search_language(), new.body);
  return new;
end;
$$;

--
-- Name: snapshot_attachments(uuid, integer); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.snapshot_attachments(p_after uuid, p_limit integer) RETURNS TABLE(message_id uuid, author_id uuid, recipient_ids uuid[], attachments uuid[])
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select x.id, x.author_id, messaging.conversation_recipients(x.conversation_id, x.author_id), x.attachments
   from messaging.messages x
  where x.deleted_at is null and cardinality(x.attachments) > 0 and (p_after is null or x.id > p_after)
  order by x.id
  limit p_limit;
end;
$$;

--
-- Name: store_app_roles_snapshot(jsonb, integer); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.store_app_roles_snapshot(p_roles jsonb, p_document_version integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into messaging.app_roles (roles, document_version) values (p_roles, p_document_version)
  on conflict (id) do nothing;
  return found;
end;
$$;

--
-- Name: store_app_roles_version(jsonb, integer, timestamp with time zone); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.store_app_roles_version(p_roles jsonb, p_document_version integer, p_version_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into messaging.app_roles as r (roles, document_version, version_at)
  values (p_roles, p_document_version, p_version_at)
  on conflict (id) do update
     set roles = excluded.roles, document_version = excluded.document_version,
         version_at = excluded.version_at, version_event_id = null, updated_at = now()
   where r.version_at is null or r.version_at < excluded.version_at;
  return found;
end;
$$;

--
-- Name: store_membership_snapshot(uuid, uuid, text, text, integer, integer); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.store_membership_snapshot(p_village_id uuid, p_user_id uuid, p_visibility text, p_role text, p_village_revision integer, p_member_revision integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_stored boolean := false;
begin
  if p_visibility is null then
    return false;
  end if;
  insert into messaging.villages as v (id, visibility)
  select p_village_id, p_visibility where p_village_revision = 0
  on conflict (id) do nothing;
  if found then
    v_stored := true;
  else
    update messaging.villages v
       set visibility = p_visibility, revision = v.revision + 1, updated_at = now()
     where v.id = p_village_id and v.revision = p_village_revision and not v.deleted
       and v.visibility is distinct from p_visibility;
    v_stored := found;
  end if;

  if p_role is not null then
    insert into messaging.village_members as m (village_id, user_id, role)
    select p_village_id, p_user_id, p_role where p_member_revision = 0
    on conflict (village_id, user_id) do nothing;
    if not found then
      update messaging.village_members m
         set role = p_role, removed = false, revision = m.revision + 1, updated_at = now()
       where m.village_id = p_village_id and m.user_id = p_user_id and m.revision = p_member_revision
         and (m.removed or m.role <> p_role);
    end if;
  else
    update messaging.village_members m
       set removed = true, revision = m.revision + 1, updated_at = now()
     where m.village_id = p_village_id and m.user_id = p_user_id and m.revision = p_member_revision
       and not m.removed;
  end if;
  return v_stored or found;
end;
$$;

--
-- Name: store_membership_snapshot_page(jsonb, jsonb, timestamp with time zone); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.store_membership_snapshot_page(p_villages jsonb, p_members jsonb, p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_villages integer;
  v_members integer;
begin
  update messaging.villages v set synced_at = p_synced_at
    from jsonb_to_recordset(p_villages) as x("villageId" uuid)
   where v.id = x."villageId";
  insert into messaging.villages as v (id, visibility, version_at, synced_at)
  select x."villageId", x.visibility, x."versionAt", p_synced_at
    from jsonb_to_recordset(p_villages) as x("villageId" uuid, visibility text, "versionAt" timestamptz)
  on conflict (id) do update
     set visibility = excluded.visibility, version_at = excluded.version_at, version_event_id = null,
         revision = v.revision + 1, updated_at = now()
   where not v.deleted and (v.version_at is null or v.version_at < excluded.version_at);
  get diagnostics v_villages = row_count;

  update messaging.village_members m set synced_at = p_synced_at
    from jsonb_to_recordset(p_members) as x("villageId" uuid, "userId" uuid)
   where m.village_id = x."villageId" and m.user_id = x."userId";
  insert into messaging.village_members as m (village_id, user_id, role, version_at, synced_at)
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
-- Name: sweep_membership_replica(timestamp with time zone); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.sweep_membership_replica(p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_villages integer;
  v_members integer;
begin
  update messaging.villages v set deleted = true, revision = v.revision + 1, updated_at = now()
   where not v.deleted and v.synced_at is distinct from p_synced_at and v.updated_at < p_synced_at;
  get diagnostics v_villages = row_count;
  update messaging.village_members m set removed = true, revision = m.revision + 1, updated_at = now()
   where not m.removed and m.synced_at is distinct from p_synced_at and m.updated_at < p_synced_at;
  get diagnostics v_members = row_count;
  return v_villages + v_members;
end;
$$;

--
-- Name: topics; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.topics (
    id uuid DEFAULT messaging.uuid_v7() NOT NULL,
    village_id uuid NOT NULL,
    fixed_key text,
    title text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    created_by uuid,
    pinned boolean DEFAULT false NOT NULL,
    locked boolean DEFAULT false NOT NULL,
    archived boolean DEFAULT false NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT topics_data_object CHECK (((jsonb_typeof(data) = 'object'::text) AND (octet_length((data)::text) <= 65536))),
    CONSTRAINT topics_description_check CHECK ((char_length(description) <= 4000)),
    CONSTRAINT topics_fixed_key_check CHECK ((fixed_key ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'::text)),
    CONSTRAINT topics_title_check CHECK (((char_length(title) >= 1) AND (char_length(title) <= 200)))
);

--
-- Name: topic_event_fields(messaging.topics); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.topic_event_fields(p_topic messaging.topics) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return jsonb_build_object('topicId', p_topic.id, 'villageId', p_topic.village_id,
  'fixedKey', p_topic.fixed_key, 'title', p_topic.title,
  'description', p_topic.description, 'createdBy', p_topic.created_by,
  'pinned', p_topic.pinned, 'locked', p_topic.locked,
  'archived', p_topic.archived, 'data', p_topic.data);
end;
$$;

--
-- Name: topic_result(messaging.topics); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.topic_result(p_topic messaging.topics) RETURNS TABLE(id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid, pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select p_topic.id, p_topic.village_id, p_topic.fixed_key, p_topic.title, p_topic.description,
  p_topic.created_by, p_topic.pinned, p_topic.locked, p_topic.archived, p_topic.data,
  p_topic.created_at, p_topic.updated_at,
  -- Microsecond precision, so a cursor built from it skips and repeats nothing.
  to_char(p_topic.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
end;
$$;

--
-- Name: try_lead_outbox(); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.try_lead_outbox() RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return pg_try_advisory_lock(hashtextextended('vv.outbox.messaging', 0));
end;
$$;

--
-- Name: update_post(uuid, uuid, text, jsonb); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.update_post(p_post_id uuid, p_actor_id uuid, p_body text DEFAULT NULL::text, p_data jsonb DEFAULT NULL::jsonb) RETURNS TABLE(id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_old messaging.posts;
  v_new messaging.posts;
  v_changed text[] := '{}';
begin
  select p.* into v_old from messaging.posts p where p.id = p_post_id for update of p;
  if not found then
    return;
  end if;
  if v_old.deleted_at is not null then
    raise exception using errcode = '55000', message = 'conflict', detail = 'The post was deleted';
  end if;

  if p_body is not null and p_body is distinct from v_old.body then v_changed := array_append(v_changed, 'body'); end if;
  if p_data is not null and p_data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;

  if cardinality(v_changed) = 0 then
    return query select * from messaging.post_view(v_old, p_actor_id);
    return;
  end if;

  update messaging.posts p
     set body = coalesce(p_body, p.body), data = coalesce(p_data, p.data), updated_at = now(),
         edited_at = case when 'body' = any(v_changed) then now() else p.edited_at end
   where p.id = p_post_id
  returning p.* into v_new;

  perform messaging.emit_event('messaging.post.edited', 1, v_new.village_id, p_actor_id,
    messaging.post_event_fields(v_new)
      || jsonb_build_object('changed', to_jsonb(v_changed), 'body', v_new.body, 'data', v_new.data));
  return query select * from messaging.post_view(v_new, p_actor_id);
end;
$$;

--
-- Name: update_topic(uuid, uuid, text, text, jsonb, boolean, boolean, boolean); Type: FUNCTION; Schema: messaging; Owner: -
--

CREATE FUNCTION messaging.update_topic(p_topic_id uuid, p_actor_id uuid, p_title text DEFAULT NULL::text, p_description text DEFAULT NULL::text, p_data jsonb DEFAULT NULL::jsonb, p_pinned boolean DEFAULT NULL::boolean, p_locked boolean DEFAULT NULL::boolean, p_archived boolean DEFAULT NULL::boolean) RETURNS TABLE(id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid, pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_old messaging.topics;
  v_new messaging.topics;
  v_changed text[] := '{}';
begin
  select t.* into v_old from messaging.topics t where t.id = p_topic_id for update of t;
  if not found then
    return;
  end if;

  v_new := v_old;
  v_new.title := coalesce(p_title, v_old.title);
  v_new.description := coalesce(p_description, v_old.description);
  v_new.data := coalesce(p_data, v_old.data);
  v_new.pinned := coalesce(p_pinned, v_old.pinned);
  v_new.locked := coalesce(p_locked, v_old.locked);
  v_new.archived := coalesce(p_archived, v_old.archived);

  if v_new.title is distinct from v_old.title then v_changed := array_append(v_changed, 'title'); end if;
  if v_new.description is distinct from v_old.description then v_changed := array_append(v_changed, 'description'); end if;
  if v_new.data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;
  if v_new.pinned is distinct from v_old.pinned then v_changed := array_append(v_changed, 'pinned'); end if;
  if v_new.locked is distinct from v_old.locked then v_changed := array_append(v_changed, 'locked'); end if;
  if v_new.archived is distinct from v_old.archived then v_changed := array_append(v_changed, 'archived'); end if;

  if cardinality(v_changed) = 0 then
    return query select * from messaging.topic_result(v_old);
    return;
  end if;

  update messaging.topics t
     set title = v_new.title, description = v_new.description, data = v_new.data,
         pinned = v_new.pinned, locked = v_new.locked, archived = v_new.archived, updated_at = now()
   where t.id = p_topic_id
  returning t.* into v_new;

  perform messaging.emit_event('messaging.topic.updated', 1, v_new.village_id, p_actor_id,
    messaging.topic_event_fields(v_new) || jsonb_build_object('changed', to_jsonb(v_changed)));
  return query select * from messaging.topic_result(v_new);
end;
$$;

--
-- Name: app_roles; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.app_roles (
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
-- Name: app_topics; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.app_topics (
    id boolean DEFAULT true NOT NULL,
    topics jsonb NOT NULL,
    document_version integer NOT NULL,
    version_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT app_topics_single_row_check CHECK (id),
    CONSTRAINT app_topics_topics_object_check CHECK ((jsonb_typeof(topics) = 'object'::text))
);

--
-- Name: broadcast_reads; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.broadcast_reads (
    village_id uuid NOT NULL,
    user_id uuid NOT NULL,
    read_up_to_id uuid NOT NULL,
    read_up_to_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: idempotency_keys; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.idempotency_keys (
    user_id uuid NOT NULL,
    key text NOT NULL,
    fingerprint text NOT NULL,
    response jsonb,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT idempotency_keys_fingerprint_check CHECK ((char_length(fingerprint) = 64)),
    CONSTRAINT idempotency_keys_key_check CHECK (((char_length(key) >= 1) AND (char_length(key) <= 255)))
);

--
-- Name: inbox; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.inbox (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    processed_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

--
-- Name: outbox; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.outbox (
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
-- Name: outbox_seq_seq; Type: SEQUENCE; Schema: messaging; Owner: -
--

ALTER TABLE messaging.outbox ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME messaging.outbox_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: post_reactions; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.post_reactions (
    id uuid DEFAULT messaging.uuid_v7() NOT NULL,
    post_id uuid NOT NULL,
    user_id uuid NOT NULL,
    emoji text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT post_reactions_emoji_check CHECK (((char_length(emoji) >= 1) AND (char_length(emoji) <= 64)))
);

--
-- Name: replica_bootstraps; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.replica_bootstraps (
    replica text NOT NULL,
    started_at timestamp with time zone,
    completed_at timestamp with time zone,
    leased_until timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: schema_migrations; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.schema_migrations (
    id text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: search_settings; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.search_settings (
    id boolean DEFAULT true NOT NULL,
    language regconfig DEFAULT 'english'::regconfig NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT search_settings_single_row_check CHECK (id)
);

--
-- Name: topic_villages; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.topic_villages (
    village_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: village_members; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.village_members (
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
-- Name: villages; Type: TABLE; Schema: messaging; Owner: -
--

CREATE TABLE messaging.villages (
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
-- Name: app_roles app_roles_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.app_roles
    ADD CONSTRAINT app_roles_pkey PRIMARY KEY (id);

--
-- Name: app_topics app_topics_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.app_topics
    ADD CONSTRAINT app_topics_pkey PRIMARY KEY (id);

--
-- Name: broadcast_reads broadcast_reads_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.broadcast_reads
    ADD CONSTRAINT broadcast_reads_pkey PRIMARY KEY (village_id, user_id);

--
-- Name: broadcasts broadcasts_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.broadcasts
    ADD CONSTRAINT broadcasts_pkey PRIMARY KEY (id);

--
-- Name: conversation_members conversation_members_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.conversation_members
    ADD CONSTRAINT conversation_members_pkey PRIMARY KEY (conversation_id, user_id);

--
-- Name: conversations conversations_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.conversations
    ADD CONSTRAINT conversations_pkey PRIMARY KEY (id);

--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key);

--
-- Name: inbox inbox_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.inbox
    ADD CONSTRAINT inbox_pkey PRIMARY KEY (consumer, event_id);

--
-- Name: messages messages_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.messages
    ADD CONSTRAINT messages_pkey PRIMARY KEY (id);

--
-- Name: outbox outbox_id_key; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.outbox
    ADD CONSTRAINT outbox_id_key UNIQUE (id);

--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (seq);

--
-- Name: post_reactions post_reactions_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.post_reactions
    ADD CONSTRAINT post_reactions_pkey PRIMARY KEY (id);

--
-- Name: post_reactions post_reactions_post_user_emoji_key; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.post_reactions
    ADD CONSTRAINT post_reactions_post_user_emoji_key UNIQUE (post_id, user_id, emoji);

--
-- Name: posts posts_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.posts
    ADD CONSTRAINT posts_pkey PRIMARY KEY (id);

--
-- Name: replica_bootstraps replica_bootstraps_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.replica_bootstraps
    ADD CONSTRAINT replica_bootstraps_pkey PRIMARY KEY (replica);

--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (id);

--
-- Name: search_settings search_settings_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.search_settings
    ADD CONSTRAINT search_settings_pkey PRIMARY KEY (id);

--
-- Name: topic_villages topic_villages_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.topic_villages
    ADD CONSTRAINT topic_villages_pkey PRIMARY KEY (village_id);

--
-- Name: topics topics_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.topics
    ADD CONSTRAINT topics_pkey PRIMARY KEY (id);

--
-- Name: topics topics_village_fixed_key_key; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.topics
    ADD CONSTRAINT topics_village_fixed_key_key UNIQUE (village_id, fixed_key);

--
-- Name: village_members village_members_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.village_members
    ADD CONSTRAINT village_members_pkey PRIMARY KEY (village_id, user_id);

--
-- Name: villages villages_pkey; Type: CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.villages
    ADD CONSTRAINT villages_pkey PRIMARY KEY (id);

--
-- Name: broadcasts_village_created_at_id_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX broadcasts_village_created_at_id_idx ON messaging.broadcasts USING btree (village_id, created_at, id);

--
-- Name: conversation_members_user_activity_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX conversation_members_user_activity_idx ON messaging.conversation_members USING btree (user_id, village_id, last_message_at DESC, conversation_id DESC);

--
-- Name: conversations_village_direct_pair_key; Type: INDEX; Schema: messaging; Owner: -
--

CREATE UNIQUE INDEX conversations_village_direct_pair_key ON messaging.conversations USING btree (village_id, direct_low, direct_high) WHERE (direct_low IS NOT NULL);

--
-- Name: idempotency_keys_created_at_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX idempotency_keys_created_at_idx ON messaging.idempotency_keys USING btree (created_at);

--
-- Name: inbox_consumer_processed_at_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX inbox_consumer_processed_at_idx ON messaging.inbox USING btree (consumer, processed_at);

--
-- Name: messages_attachments_id_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX messages_attachments_id_idx ON messaging.messages USING btree (id) WHERE ((deleted_at IS NULL) AND (cardinality(attachments) > 0));

--
-- Name: messages_conversation_created_at_id_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX messages_conversation_created_at_id_idx ON messaging.messages USING btree (conversation_id, created_at, id);

--
-- Name: messages_search_vector_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX messages_search_vector_idx ON messaging.messages USING gin (search_vector) WHERE (deleted_at IS NULL);

--
-- Name: outbox_pending_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX outbox_pending_idx ON messaging.outbox USING btree (seq) WHERE (published_at IS NULL);

--
-- Name: outbox_published_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX outbox_published_idx ON messaging.outbox USING btree (published_at) WHERE (published_at IS NOT NULL);

--
-- Name: posts_parent_created_at_id_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX posts_parent_created_at_id_idx ON messaging.posts USING btree (parent_id, created_at, id) WHERE (parent_id IS NOT NULL);

--
-- Name: posts_search_vector_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX posts_search_vector_idx ON messaging.posts USING gin (search_vector) WHERE (deleted_at IS NULL);

--
-- Name: posts_topic_activity_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX posts_topic_activity_idx ON messaging.posts USING btree (topic_id, last_activity_at DESC, id DESC) WHERE (parent_id IS NULL);

--
-- Name: topics_village_list_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX topics_village_list_idx ON messaging.topics USING btree (village_id, archived, pinned DESC, created_at DESC, id DESC);

--
-- Name: village_members_user_id_village_id_idx; Type: INDEX; Schema: messaging; Owner: -
--

CREATE INDEX village_members_user_id_village_id_idx ON messaging.village_members USING btree (user_id, village_id) WHERE (NOT removed);

--
-- Name: messages messages_search_vector_trg; Type: TRIGGER; Schema: messaging; Owner: -
--

CREATE TRIGGER messages_search_vector_trg BEFORE INSERT OR UPDATE OF body ON messaging.messages FOR EACH ROW EXECUTE FUNCTION messaging.set_search_vector();

--
-- Name: posts posts_search_vector_trg; Type: TRIGGER; Schema: messaging; Owner: -
--

CREATE TRIGGER posts_search_vector_trg BEFORE INSERT OR UPDATE OF body ON messaging.posts FOR EACH ROW EXECUTE FUNCTION messaging.set_search_vector();

--
-- Name: conversation_members conversation_members_conversation_id_fkey; Type: FK CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.conversation_members
    ADD CONSTRAINT conversation_members_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES messaging.conversations(id) ON DELETE CASCADE;

--
-- Name: messages messages_conversation_id_fkey; Type: FK CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.messages
    ADD CONSTRAINT messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES messaging.conversations(id) ON DELETE CASCADE;

--
-- Name: post_reactions post_reactions_post_id_fkey; Type: FK CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.post_reactions
    ADD CONSTRAINT post_reactions_post_id_fkey FOREIGN KEY (post_id) REFERENCES messaging.posts(id) ON DELETE CASCADE;

--
-- Name: posts posts_parent_id_fkey; Type: FK CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.posts
    ADD CONSTRAINT posts_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES messaging.posts(id) ON DELETE CASCADE;

--
-- Name: posts posts_topic_id_fkey; Type: FK CONSTRAINT; Schema: messaging; Owner: -
--

ALTER TABLE ONLY messaging.posts
    ADD CONSTRAINT posts_topic_id_fkey FOREIGN KEY (topic_id) REFERENCES messaging.topics(id) ON DELETE CASCADE;

--
-- PostgreSQL database dump complete
--
