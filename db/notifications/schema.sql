--
-- PostgreSQL database dump
--

SELECT pg_catalog.set_config('search_path', '', false);

--
-- Name: notifications; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA notifications;

--
-- Name: apply_app_roles_event(jsonb, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.apply_app_roles_event(p_roles jsonb, p_document_version integer, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into notifications.app_roles as r (roles, document_version, version_at, version_event_id)
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
-- Name: apply_attendance(uuid, uuid, uuid, timestamp with time zone, text, timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.apply_attendance(p_event_id uuid, p_village_id uuid, p_user_id uuid, p_occurrence_start timestamp with time zone, p_status text, p_occurred_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into notifications.event_attendance as a
    (event_id, village_id, user_id, occurrence_start, status, version_at)
  values (p_event_id, p_village_id, p_user_id, coalesce(p_occurrence_start, '-infinity'), p_status, p_occurred_at)
  on conflict on constraint event_attendance_event_occurrence_user_key
  do update set status = excluded.status, version_at = excluded.version_at, updated_at = now()
   where a.version_at <= excluded.version_at;
  return found;
end;
$$;

--
-- Name: apply_attendance_change(uuid, uuid, uuid, timestamp with time zone, text, timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.apply_attendance_change(p_event_id uuid, p_village_id uuid, p_user_id uuid, p_occurrence_start timestamp with time zone, p_status text, p_occurred_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if exists (select 1 from notifications.cancelled_events c where c.event_id = p_event_id)
     or exists (select 1 from notifications.deleted_users d where d.user_id = p_user_id)
     or exists (select 1 from notifications.villages v where v.id = p_village_id and v.deleted) then
    return false;
  end if;
  return notifications.apply_attendance(p_event_id, p_village_id, p_user_id, p_occurrence_start, p_status,
    p_occurred_at);
end;
$$;

--
-- Name: apply_membership_event(uuid, uuid, text, boolean, timestamp with time zone, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.apply_membership_event(p_village_id uuid, p_user_id uuid, p_role text, p_removed boolean, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into notifications.village_members as m
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
-- Name: apply_village_event(uuid, text, boolean, timestamp with time zone, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.apply_village_event(p_village_id uuid, p_visibility text, p_deleted boolean, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into notifications.villages as v (id, visibility, deleted, version_at, version_event_id)
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
-- Name: begin_replica_bootstrap(text, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.begin_replica_bootstrap(p_replica text, p_lease_ms integer) RETURNS timestamp with time zone
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_started_at timestamptz := date_trunc('milliseconds', clock_timestamp());
begin
  insert into notifications.replica_bootstraps as r (replica, started_at, leased_until)
  values (p_replica, v_started_at, clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0))
  on conflict (replica) do update
     set started_at = excluded.started_at, leased_until = excluded.leased_until, updated_at = now()
   where r.leased_until is null or r.leased_until < clock_timestamp();
  return case when found then v_started_at end;
end;
$$;

--
-- Name: claim_idempotency_key(uuid, text, text, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.claim_idempotency_key(p_user_id uuid, p_key text, p_fingerprint text, p_ttl_seconds integer) RETURNS TABLE(fingerprint text, response jsonb)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  -- A key past its lifetime is free again.
  delete from notifications.idempotency_keys k
   where k.user_id = p_user_id and k.key = p_key
     and k.created_at < clock_timestamp() - make_interval(secs => p_ttl_seconds);
  insert into notifications.idempotency_keys (user_id, key, fingerprint)
  values (p_user_id, p_key, p_fingerprint)
  on conflict do nothing;
  if found then
    return;
  end if;
  return query
    select k.fingerprint, k.response from notifications.idempotency_keys k
     where k.user_id = p_user_id and k.key = p_key;
end;
$$;

--
-- Name: claim_inbox(text, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.claim_inbox(p_consumer text, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into notifications.inbox (consumer, event_id) values (p_consumer, p_event_id)
  on conflict do nothing;
  return found;
end;
$$;

--
-- Name: claim_inbox_batch(text, uuid[]); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.claim_inbox_batch(p_consumer text, p_event_ids uuid[]) RETURNS SETOF uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  insert into notifications.inbox (consumer, event_id)
  select p_consumer, e.id from unnest(p_event_ids) as e(id)
  on conflict do nothing
  returning event_id;
end;
$$;

--
-- Name: claim_mail(integer, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.claim_mail(p_limit integer, p_lease_ms integer) RETURNS TABLE(id uuid, event_id uuid, kind text, payload jsonb, message_id text, attempts integer)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  update notifications.outgoing_mail m
     set status = 'sending', attempts = m.attempts + 1,
         lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0), updated_at = now()
   where m.id in (
     select d.id from notifications.outgoing_mail d
      where (d.status = 'pending' and d.next_attempt_at <= clock_timestamp())
         or (d.status = 'sending' and d.lease_until < clock_timestamp())
      order by d.next_attempt_at
      limit p_limit
      for update skip locked)
  returning m.id, m.event_id, m.kind, m.payload, m.message_id, m.attempts;
end;
$$;

--
-- Name: claim_push_deliveries(integer, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.claim_push_deliveries(p_limit integer, p_lease_ms integer) RETURNS TABLE(id uuid, notification_id uuid, subscription_id uuid, endpoint text, p256dh text, auth text, kind text, village_id uuid, attempts integer)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  with claimed as (
    update notifications.push_deliveries d
       set status = 'sending', attempts = d.attempts + 1,
           lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0), updated_at = now()
     where d.id in (
       select q.id from notifications.push_deliveries q
        where (q.status = 'pending' and q.next_attempt_at <= clock_timestamp())
           or (q.status = 'sending' and q.lease_until < clock_timestamp())
        order by q.next_attempt_at
        limit p_limit
        for update skip locked)
    returning d.id, d.notification_id, d.subscription_id, d.attempts)
  select c.id, c.notification_id, c.subscription_id, s.endpoint, s.p256dh, s.auth, n.kind, n.village_id,
         c.attempts
    from claimed c
    join notifications.push_subscriptions s on s.id = c.subscription_id
    join notifications.notifications n on n.id = c.notification_id;
end;
$$;

--
-- Name: claim_webhook_deliveries(integer, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.claim_webhook_deliveries(p_limit integer, p_lease_ms integer) RETURNS TABLE(id uuid, webhook_id uuid, village_id uuid, event_id uuid, event_type text, body text, attempts integer, lease_id uuid, url text, secret text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  with due as (
    select d.id, d.attempts, d.lease_id as stale_lease_id
      from notifications.webhook_deliveries d
      join notifications.webhooks w on w.id = d.webhook_id
     where d.status in ('pending', 'failed') and d.next_attempt_at <= clock_timestamp() and w.enabled
     order by d.next_attempt_at
     limit p_limit
       for update of d skip locked
  ), interrupted as (
    insert into notifications.webhook_delivery_attempts (delivery_id, number, error, duration_ms, succeeded)
    select due.id, due.attempts, 'interrupted: the sender stopped before the answer was recorded', 0, false
      from due
     where due.stale_lease_id is not null and due.attempts > 0
  )
  update notifications.webhook_deliveries d
     set attempts = d.attempts + 1,
         lease_id = gen_random_uuid(),
         lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0),
         next_attempt_at = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0),
         updated_at = now()
    from due, notifications.webhooks w
   where d.id = due.id and w.id = d.webhook_id
  returning d.id, d.webhook_id, w.village_id, d.event_id, d.event_type, d.body, d.attempts, d.lease_id,
            w.url, w.secret;
end;
$$;

--
-- Name: complete_idempotency_key(uuid, text, jsonb); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.complete_idempotency_key(p_user_id uuid, p_key text, p_response jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update notifications.idempotency_keys set response = p_response where user_id = p_user_id and key = p_key;
end;
$$;

--
-- Name: complete_replica_bootstrap(text, timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.complete_replica_bootstrap(p_replica text, p_started_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  update notifications.replica_bootstraps r
     set completed_at = clock_timestamp(), leased_until = null, updated_at = now()
   where r.replica = p_replica and r.started_at = p_started_at;
  return found;
end;
$$;

--
-- Name: count_pending_outbox(); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.count_pending_outbox() RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result bigint;
begin
  select count(*) from notifications.outbox where published_at is null
    into v_result;
  return v_result;
end;
$$;

--
-- Name: count_unread_notifications(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.count_unread_notifications(p_user_id uuid) RETURNS integer
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  select count(*)::integer from notifications.notifications n where n.user_id = p_user_id and n.read_at is null
    into v_result;
  return v_result;
end;
$$;

--
-- Name: create_notifications_many(jsonb); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.create_notifications_many(p_notifications jsonb) RETURNS TABLE(source_event_id uuid, kind text, id uuid, user_id uuid, pushes integer)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_iso constant text := 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';
begin
  if jsonb_typeof(p_notifications) is distinct from 'array' then
    raise exception using errcode = '22023', message = 'invalid', detail = 'p_notifications must be an array';
  end if;
  return query
  with wanted as (
    select distinct on (u.user_id, (e.v ->> 'sourceEventId')::uuid, e.v ->> 'kind')
           e.ord, u.user_id, (e.v ->> 'sourceEventId')::uuid as source_event_id, e.v ->> 'kind' as kind,
           (e.v ->> 'villageId')::uuid as village_id, (e.v ->> 'actorId')::uuid as actor_id,
           e.v -> 'subject' as subject, coalesce(e.v -> 'data', '{}'::jsonb) as data,
           (e.v ->> 'occurredAt')::timestamptz as occurred_at
      from jsonb_array_elements(p_notifications) with ordinality as e(v, ord)
     cross join lateral (select x::uuid as user_id from jsonb_array_elements_text(e.v -> 'userIds') as x) as u
     where not exists (select 1 from notifications.deleted_users d where d.user_id = u.user_id)
     order by u.user_id, (e.v ->> 'sourceEventId')::uuid, e.v ->> 'kind', e.ord
  ),
  made as (
    insert into notifications.notifications as n
      (user_id, village_id, kind, actor_id, source_event_id, invitation_id, conversation_id, message_id,
       broadcast_id, topic_id, post_id, event_id, file_id, webhook_id, data, occurred_at)
    select w.user_id, w.village_id, w.kind, w.actor_id, w.source_event_id,
           (w.subject ->> 'invitationId')::uuid, (w.subject ->> 'conversationId')::uuid,
           (w.subject ->> 'messageId')::uuid, (w.subject ->> 'broadcastId')::uuid,
           (w.subject ->> 'topicId')::uuid, (w.subject ->> 'postId')::uuid,
           (w.subject ->> 'eventId')::uuid, (w.subject ->> 'fileId')::uuid,
           (w.subject ->> 'webhookId')::uuid,
           w.data, w.occurred_at
      from wanted w
     order by w.ord, w.user_id
    on conflict on constraint notifications_source_key do nothing
    returning n.*
  ),
  ordered as (
    select m.*, w.ord from made m
      join wanted w on w.user_id = m.user_id and w.source_event_id = m.source_event_id and w.kind = m.kind
  ),
  emitted as (
    select notifications.emit_events('notifications.notification.created', 1,
      array_agg(null::uuid order by o.ord, o.user_id),
      array_agg(o.actor_id order by o.ord, o.user_id),
      array_agg(jsonb_build_object(
        'notificationId', o.id, 'userId', o.user_id, 'villageId', o.village_id,
        'kind', o.kind, 'actorId', o.actor_id,
        'subject', jsonb_strip_nulls(jsonb_build_object(
          'invitationId', o.invitation_id, 'conversationId', o.conversation_id,
          'messageId', o.message_id, 'broadcastId', o.broadcast_id, 'topicId', o.topic_id,
          'postId', o.post_id, 'eventId', o.event_id, 'fileId', o.file_id,
          'webhookId', o.webhook_id)),
        'data', o.data,
        'occurredAt', to_char(o.occurred_at at time zone 'UTC', v_iso),
        'createdAt', to_char(o.created_at at time zone 'UTC', v_iso)) order by o.ord, o.user_id)) as count
      from ordered o
  ),
  pushed as (
    insert into notifications.push_deliveries (notification_id, subscription_id)
    select m.id, s.id from made m join notifications.push_subscriptions s on s.user_id = m.user_id
    returning notification_id
  ),
  pushes as (
    select p.notification_id, count(*)::integer as n from pushed p group by p.notification_id
  )
  select o.source_event_id, o.kind, o.id, o.user_id, coalesce(p.n, 0)
    from ordered o
   cross join emitted
    left join pushes p on p.notification_id = o.id
   order by o.ord, o.user_id;
end;
$$;

--
-- Name: create_webhook(uuid, text, text[], text, uuid, integer, jsonb); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.create_webhook(p_village_id uuid, p_url text, p_events text[], p_secret text, p_created_by uuid, p_max_per_village integer, p_data jsonb DEFAULT NULL::jsonb) RETURNS TABLE(id uuid, village_id uuid, url text, events text[], enabled boolean, disabled_at timestamp with time zone, failing_since timestamp with time zone, created_by uuid, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_id uuid;
begin
  -- Serialises registrations per village, so two at once cannot both pass the limit.
  perform pg_advisory_xact_lock(hashtextextended('notifications.webhooks:' || p_village_id::text, 0));
  if (select count(*) from notifications.webhooks w where w.village_id = p_village_id) >= p_max_per_village then
    raise exception using errcode = '23514', message = 'conflict',
      detail = format('A village has at most %s webhooks', p_max_per_village);
  end if;
  insert into notifications.webhooks (village_id, url, events, secret, created_by, data)
  values (p_village_id, p_url, p_events, p_secret, p_created_by, coalesce(p_data, '{}'))
  returning notifications.webhooks.id into v_id;
  return query select * from notifications.get_webhook(p_village_id, v_id);
end;
$$;

--
-- Name: delete_push_subscription(uuid, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.delete_push_subscription(p_user_id uuid, p_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  delete from notifications.push_subscriptions s where s.id = p_id and s.user_id = p_user_id;
  return found;
end;
$$;

--
-- Name: delete_village_webhooks(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.delete_village_webhooks(p_village_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (delete from notifications.webhooks w where w.village_id = p_village_id returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: delete_webhook(uuid, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.delete_webhook(p_village_id uuid, p_webhook_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  delete from notifications.webhooks w where w.id = p_webhook_id and w.village_id = p_village_id;
  return found;
end;
$$;

--
-- Name: emit_event(text, integer, uuid, uuid, jsonb); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.emit_event(p_type text, p_version integer, p_village_id uuid, p_actor_id uuid, p_data jsonb) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_id uuid := notifications.uuid_v7();
begin
  insert into notifications.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  select v_id, p_type, p_version, p_village_id, p_actor_id, p_data, c.request_id, c.traceparent
    from notifications.outbox_request_context() as c;
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('notifications_outbox', '');
  return v_id;
end;
$$;

--
-- Name: emit_events(text, integer, uuid[], uuid[], jsonb[]); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.emit_events(p_type text, p_version integer, p_village_ids uuid[], p_actor_ids uuid[], p_data jsonb[]) RETURNS integer
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
  insert into notifications.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  select notifications.uuid_v7(), p_type, p_version, e.village_id, e.actor_id, e.data, c.request_id, c.traceparent
    from unnest(p_village_ids, p_actor_ids, p_data) with ordinality as e(village_id, actor_id, data, ord)
   cross join notifications.outbox_request_context() as c
   order by e.ord;
  get diagnostics v_count = row_count;
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('notifications_outbox', '');
  return v_count;
end;
$$;

--
-- Name: enqueue_mail(uuid, text, jsonb, text); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.enqueue_mail(p_event_id uuid, p_kind text, p_payload jsonb, p_message_id text) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into notifications.outgoing_mail (event_id, kind, payload, message_id)
  values (p_event_id, p_kind, p_payload, p_message_id)
  on conflict (event_id) do nothing;
  if found then
    perform pg_notify('notifications_mail', '');
  end if;
  return found;
end;
$$;

--
-- Name: enqueue_webhook_deliveries(uuid[], uuid, text, text); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.enqueue_webhook_deliveries(p_webhook_ids uuid[], p_event_id uuid, p_event_type text, p_body text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_count integer;
begin
  insert into notifications.webhook_deliveries (webhook_id, event_id, event_type, body)
  select w.id, p_event_id, p_event_type, p_body
    from notifications.webhooks w
   where w.id = any(p_webhook_ids) and w.enabled
  on conflict (webhook_id, event_id) do nothing;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

--
-- Name: event_attendees(uuid, text[], timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.event_attendees(p_event_id uuid, p_statuses text[], p_occurrence_start timestamp with time zone, p_since timestamp with time zone) RETURNS TABLE(user_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select distinct a.user_id
   from notifications.event_attendance a
  where a.event_id = p_event_id
    and a.status = any(p_statuses)
    and (case when p_occurrence_start is null
              then a.occurrence_start = '-infinity' or a.occurrence_start >= p_since
              else a.occurrence_start = p_occurrence_start end)
    and not exists (select 1 from notifications.village_members m
                     where m.village_id = a.village_id and m.user_id = a.user_id and m.removed);
end;
$$;

--
-- Name: exclude_former_members(uuid, uuid[]); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.exclude_former_members(p_village_id uuid, p_user_ids uuid[]) RETURNS TABLE(user_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select distinct u.id
   from unnest(p_user_ids) as u(id)
  where not exists (select 1 from notifications.village_members m
                     where m.village_id = p_village_id and m.user_id = u.id and m.removed)
    and not exists (select 1 from notifications.villages v where v.id = p_village_id and v.deleted);
end;
$$;

--
-- Name: exclude_former_members_many(uuid[], uuid[]); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.exclude_former_members_many(p_village_ids uuid[], p_user_ids uuid[]) RETURNS TABLE(village_id uuid, user_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select v.village_id, m.user_id
   from (select k.village_id, array_agg(k.user_id) as user_ids
           from unnest(p_village_ids, p_user_ids) as k(village_id, user_id)
          group by k.village_id) as v
  cross join lateral notifications.exclude_former_members(v.village_id, v.user_ids) as m;
end;
$$;

--
-- Name: fail_push_delivery(uuid, text, integer, boolean); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.fail_push_delivery(p_id uuid, p_error text, p_delay_ms integer, p_final boolean) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update notifications.push_deliveries
    set status = case when p_final then 'failed' else 'pending' end,
        next_attempt_at = clock_timestamp() + make_interval(secs => p_delay_ms / 1000.0),
        lease_until = null, last_error = left(p_error, 1000), updated_at = now()
  where id = p_id and status = 'sending';
end;
$$;

--
-- Name: finish_push_delivery(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.finish_push_delivery(p_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  delete from notifications.push_deliveries d where d.id = p_id and d.status = 'sending';
end;
$$;

--
-- Name: forget_cancelled_event(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.forget_cancelled_event(p_event_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into notifications.cancelled_events (event_id) values (p_event_id) on conflict do nothing;
  return notifications.forget_event_attendance(p_event_id);
end;
$$;

--
-- Name: forget_deleted_user(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.forget_deleted_user(p_user_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into notifications.deleted_users (user_id) values (p_user_id) on conflict do nothing;
  return notifications.forget_user(p_user_id);
end;
$$;

--
-- Name: forget_deleted_village(uuid, timestamp with time zone, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.forget_deleted_village(p_village_id uuid, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  perform notifications.apply_village_event(p_village_id, null, true, p_occurred_at, p_event_id);
  return notifications.forget_village(p_village_id);
end;
$$;

--
-- Name: forget_event_attendance(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.forget_event_attendance(p_event_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (delete from notifications.event_attendance a where a.event_id = p_event_id returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: forget_topic_preferences(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.forget_topic_preferences(p_topic_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (delete from notifications.topic_preferences t where t.topic_id = p_topic_id returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: forget_user(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.forget_user(p_user_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_count integer;
  v_total integer := 0;
begin
  delete from notifications.notifications n where n.user_id = p_user_id;
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from notifications.village_preferences p where p.user_id = p_user_id;
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from notifications.push_subscriptions s where s.user_id = p_user_id;
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from notifications.event_attendance a where a.user_id = p_user_id;
  get diagnostics v_count = row_count;
  return v_total + v_count;
end;
$$;

--
-- Name: forget_village(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.forget_village(p_village_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_count integer;
  v_total integer;
begin
  delete from notifications.village_preferences p where p.village_id = p_village_id;
  get diagnostics v_total = row_count;
  delete from notifications.event_attendance a where a.village_id = p_village_id;
  get diagnostics v_count = row_count;
  return v_total + v_count;
end;
$$;

--
-- Name: get_app_roles(); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.get_app_roles() RETURNS TABLE(roles jsonb, document_version integer, version_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.roles, r.document_version, r.version_at from notifications.app_roles r;
end;
$$;

--
-- Name: get_membership(uuid, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.get_membership(p_village_id uuid, p_user_id uuid) RETURNS TABLE(village_known boolean, visibility text, village_deleted boolean, village_revision integer, member_known boolean, role text, member_revision integer)
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
  left join notifications.villages v on v.id = k.village_id
  left join notifications.village_members m on m.village_id = k.village_id and m.user_id = k.user_id;
end;
$$;

--
-- Name: get_preferences(uuid, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.get_preferences(p_user_id uuid, p_village_id uuid) RETURNS TABLE(village_id uuid, level text, topics jsonb, updated_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select p.village_id, p.level,
        coalesce((select jsonb_object_agg(t.topic_id::text, t.setting)
                    from notifications.topic_preferences t
                   where t.user_id = p.user_id and t.village_id = p.village_id), '{}'::jsonb),
        p.updated_at
   from notifications.village_preferences p
  where p.user_id = p_user_id and p.village_id = p_village_id;
end;
$$;

--
-- Name: get_replica_bootstrap(text); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.get_replica_bootstrap(p_replica text) RETURNS TABLE(started_at timestamp with time zone, completed_at timestamp with time zone, leased_until timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.started_at, r.completed_at, r.leased_until from notifications.replica_bootstraps r where r.replica = p_replica;
end;
$$;

--
-- Name: get_webhook(uuid, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.get_webhook(p_village_id uuid, p_webhook_id uuid) RETURNS TABLE(id uuid, village_id uuid, url text, events text[], enabled boolean, disabled_at timestamp with time zone, failing_since timestamp with time zone, created_by uuid, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select w.id, w.village_id, w.url, w.events, w.enabled, w.disabled_at, w.failing_since, w.created_by,
        w.data, w.created_at, w.updated_at, w.created_at::text
   from notifications.webhooks w
  where w.id = p_webhook_id and w.village_id = p_village_id;
end;
$$;

--
-- Name: kill_webhook_deliveries(uuid, text); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.kill_webhook_deliveries(p_webhook_id uuid, p_reason text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with killed as (
    update notifications.webhook_deliveries d
       set status = 'dead', next_attempt_at = null, lease_id = null, lease_until = null,
           last_error = left(p_reason, 1000), updated_at = now()
     where d.webhook_id = p_webhook_id and d.status in ('pending', 'failed')
    returning 1)
  select count(*)::integer from killed
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: list_enabled_webhooks(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.list_enabled_webhooks(p_village_id uuid) RETURNS TABLE(id uuid, events text[])
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select w.id, w.events from notifications.webhooks w
  where w.village_id = p_village_id and w.enabled
  order by w.created_at, w.id;
end;
$$;

--
-- Name: list_notifications(uuid, boolean, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.list_notifications(p_user_id uuid, p_unread_only boolean, p_limit integer, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, kind text, village_id uuid, actor_id uuid, invitation_id uuid, conversation_id uuid, message_id uuid, broadcast_id uuid, topic_id uuid, post_id uuid, event_id uuid, file_id uuid, webhook_id uuid, data jsonb, occurred_at timestamp with time zone, read_at timestamp with time zone, created_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  -- Two statements, so each matches its index (the unread one is partial).
  if p_unread_only then
    return query
      select n.id, n.kind, n.village_id, n.actor_id, n.invitation_id, n.conversation_id, n.message_id,
             n.broadcast_id, n.topic_id, n.post_id, n.event_id, n.file_id, n.webhook_id, n.data,
             n.occurred_at,
             n.read_at, n.created_at, n.created_at::text
        from notifications.notifications n
       where n.user_id = p_user_id and n.read_at is null
         and (p_before_id is null or (n.created_at, n.id) < (p_before_created_at, p_before_id))
       order by n.created_at desc, n.id desc
       limit p_limit;
  else
    return query
      select n.id, n.kind, n.village_id, n.actor_id, n.invitation_id, n.conversation_id, n.message_id,
             n.broadcast_id, n.topic_id, n.post_id, n.event_id, n.file_id, n.webhook_id, n.data,
             n.occurred_at,
             n.read_at, n.created_at, n.created_at::text
        from notifications.notifications n
       where n.user_id = p_user_id
         and (p_before_id is null or (n.created_at, n.id) < (p_before_created_at, p_before_id))
       order by n.created_at desc, n.id desc
       limit p_limit;
  end if;
end;
$$;

--
-- Name: list_webhook_deliveries(uuid, integer, integer, text, timestamp with time zone, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.list_webhook_deliveries(p_webhook_id uuid, p_limit integer, p_attempts_limit integer, p_status text DEFAULT NULL::text, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, webhook_id uuid, event_id uuid, event_type text, status text, attempts integer, last_status_code integer, last_error text, next_attempt_at timestamp with time zone, delivered_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, recent_attempts jsonb, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select d.id, d.webhook_id, d.event_id, d.event_type, d.status, d.attempts, d.last_status_code,
        d.last_error, d.next_attempt_at, d.delivered_at, d.created_at, d.updated_at,
        notifications.webhook_delivery_recent_attempts(d.id, p_attempts_limit), d.created_at::text
   from notifications.webhook_deliveries d
  where d.webhook_id = p_webhook_id
    and (p_status is null or d.status = p_status)
    and (p_before_id is null or (d.created_at, d.id) < (p_before_created_at, p_before_id))
  order by d.created_at desc, d.id desc
  limit p_limit;
end;
$$;

--
-- Name: list_webhooks(uuid, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.list_webhooks(p_village_id uuid, p_limit integer, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, village_id uuid, url text, events text[], enabled boolean, disabled_at timestamp with time zone, failing_since timestamp with time zone, created_by uuid, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select w.id, w.village_id, w.url, w.events, w.enabled, w.disabled_at, w.failing_since, w.created_by,
        w.data, w.created_at, w.updated_at, w.created_at::text
   from notifications.webhooks w
  where w.village_id = p_village_id
    and (p_before_id is null or (w.created_at, w.id) < (p_before_created_at, p_before_id))
  order by w.created_at desc, w.id desc
  limit p_limit;
end;
$$;

--
-- Name: mark_all_notifications_read(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.mark_all_notifications_read(p_user_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  update notifications.notifications n set read_at = now(), updated_at = now()
   where n.user_id = p_user_id and n.read_at is null;
  return notifications.count_unread_notifications(p_user_id);
end;
$$;

--
-- Name: mark_mail_failed(uuid, text, integer, boolean); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.mark_mail_failed(p_id uuid, p_error text, p_delay_ms integer, p_final boolean) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update notifications.outgoing_mail
    set status = case when p_final then 'failed' else 'pending' end,
        next_attempt_at = clock_timestamp() + make_interval(secs => p_delay_ms / 1000.0),
        lease_until = null, last_error = left(p_error, 1000), updated_at = now()
  where id = p_id and status = 'sending';
end;
$$;

--
-- Name: mark_mail_sent(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.mark_mail_sent(p_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update notifications.outgoing_mail
    set status = 'sent', sent_at = now(), lease_until = null, last_error = null, updated_at = now()
  where id = p_id and status = 'sending';
end;
$$;

--
-- Name: mark_mail_skipped(uuid, text); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.mark_mail_skipped(p_id uuid, p_reason text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update notifications.outgoing_mail
    set status = 'skipped', lease_until = null, last_error = left(p_reason, 1000), updated_at = now()
  where id = p_id and status = 'sending';
end;
$$;

--
-- Name: mark_notifications_read(uuid, uuid[]); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.mark_notifications_read(p_user_id uuid, p_ids uuid[]) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  update notifications.notifications n set read_at = now(), updated_at = now()
   where n.user_id = p_user_id and n.id = any(p_ids) and n.read_at is null;
  return notifications.count_unread_notifications(p_user_id);
end;
$$;

--
-- Name: mark_notifications_read_up_to(uuid, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.mark_notifications_read_up_to(p_user_id uuid, p_up_to uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_created_at timestamptz;
begin
  select n.created_at into v_created_at from notifications.notifications n
   where n.id = p_up_to and n.user_id = p_user_id;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such notification';
  end if;
  update notifications.notifications n set read_at = now(), updated_at = now()
   where n.user_id = p_user_id and n.read_at is null and (n.created_at, n.id) <= (v_created_at, p_up_to);
  return notifications.count_unread_notifications(p_user_id);
end;
$$;

--
-- Name: mark_webhook_delivery_failed(uuid, uuid, integer, text, integer, integer, bigint); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.mark_webhook_delivery_failed(p_id uuid, p_lease_id uuid, p_status_code integer, p_error text, p_duration_ms integer, p_retry_in_ms integer, p_disable_after_ms bigint) RETURNS TABLE(recorded boolean, dead boolean, webhook_disabled boolean)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_delivery notifications.webhook_deliveries;
  v_webhook notifications.webhooks;
  v_dead boolean := p_retry_in_ms is null;
begin
  -- The webhook is locked first (then the delivery), so concurrent failures of its deliveries
  -- disable it once, and disabling (which changes its other deliveries) cannot deadlock with them.
  select w.* into v_webhook from notifications.webhooks w
   where w.id = (select d.webhook_id from notifications.webhook_deliveries d where d.id = p_id)
   for update;
  select d.* into v_delivery from notifications.webhook_deliveries d
   where d.id = p_id and d.lease_id = p_lease_id
   for update;
  if not found then
    return query select false, false, false;
    return;
  end if;
  if not v_webhook.enabled then
    v_dead := true;
  end if;

  insert into notifications.webhook_delivery_attempts (delivery_id, number, status_code, error, duration_ms, succeeded)
  values (p_id, v_delivery.attempts, p_status_code, left(p_error, 1000), p_duration_ms, false);
  update notifications.webhook_deliveries d
     set status = case when v_dead then 'dead' else 'failed' end,
         next_attempt_at = case when v_dead then null
                                else clock_timestamp() + make_interval(secs => p_retry_in_ms / 1000.0) end,
         lease_id = null, lease_until = null, last_status_code = p_status_code,
         last_error = left(p_error, 1000), updated_at = now()
   where d.id = p_id;

  if not v_webhook.enabled then
    return query select true, v_dead, false;
    return;
  end if;
  if v_webhook.failing_since is null then
    update notifications.webhooks w set failing_since = now(), updated_at = now() where w.id = v_webhook.id;
    return query select true, v_dead, false;
    return;
  end if;
  if v_webhook.failing_since > now() - make_interval(secs => p_disable_after_ms / 1000.0) then
    return query select true, v_dead, false;
    return;
  end if;

  update notifications.webhooks w
     set enabled = false, disabled_at = now(), updated_at = now()
   where w.id = v_webhook.id;
  perform notifications.kill_webhook_deliveries(v_webhook.id, 'webhook disabled after failing too long');
  perform notifications.emit_event('notifications.webhook.disabled', 1, v_webhook.village_id, null,
    jsonb_build_object(
      'webhookId', v_webhook.id,
      'villageId', v_webhook.village_id,
      'createdBy', v_webhook.created_by,
      'failingSince', to_char(v_webhook.failing_since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'disabledAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  return query select true, true, true;
end;
$$;

--
-- Name: mark_webhook_delivery_succeeded(uuid, uuid, integer, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.mark_webhook_delivery_succeeded(p_id uuid, p_lease_id uuid, p_status_code integer, p_duration_ms integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_webhook_id uuid;
  v_number integer;
begin
  select d.webhook_id into v_webhook_id from notifications.webhook_deliveries d
   where d.id = p_id and d.lease_id = p_lease_id;
  if not found then
    return false;
  end if;
  perform 1 from notifications.webhooks w where w.id = v_webhook_id for update;
  update notifications.webhook_deliveries d
     set status = 'succeeded', delivered_at = now(), next_attempt_at = null, lease_id = null,
         lease_until = null, last_status_code = p_status_code, last_error = null, updated_at = now()
   where d.id = p_id and d.lease_id = p_lease_id
  returning d.attempts into v_number;
  if not found then
    return false;
  end if;
  insert into notifications.webhook_delivery_attempts (delivery_id, number, status_code, duration_ms, succeeded)
  values (p_id, v_number, p_status_code, p_duration_ms, true);
  update notifications.webhooks w set failing_since = null, updated_at = now()
   where w.id = v_webhook_id and w.failing_since is not null;
  return true;
end;
$$;

--
-- Name: next_outbox_batch(uuid[], integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.next_outbox_batch(p_published uuid[], p_limit integer) RETURNS TABLE(seq bigint, id uuid, type text, version integer, village_id uuid, actor_id uuid, data jsonb, occurred_at timestamp with time zone, request_id text, traceparent text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update notifications.outbox o set published_at = clock_timestamp()
   where o.id = any(p_published) and o.published_at is null;
  return query
    select o.seq, o.id, o.type, o.version, o.village_id, o.actor_id, o.data, o.occurred_at,
           o.request_id, o.traceparent
      from notifications.outbox o
     where o.published_at is null
     order by o.seq
     limit p_limit;
end;
$$;

--
-- Name: notify_queue(); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.notify_queue() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  perform pg_notify(tg_argv[0], '');
  return null;
end;
$$;

--
-- Name: outbox_backlog(); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.outbox_backlog() RETURNS TABLE(pending bigint, oldest_occurred_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select count(*), min(o.occurred_at) from notifications.outbox o where o.published_at is null;
end;
$$;

--
-- Name: outbox_request_context(); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.outbox_request_context(OUT request_id text, OUT traceparent text) RETURNS record
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
-- Name: preferences_of(uuid, uuid[], uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.preferences_of(p_village_id uuid, p_user_ids uuid[], p_topic_id uuid) RETURNS TABLE(user_id uuid, level text, topic_setting text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select p.user_id, p.level, t.setting
   from notifications.village_preferences p
   left join notifications.topic_preferences t
     on t.user_id = p.user_id and t.topic_id = p_topic_id and t.village_id = p.village_id
  where p.village_id = p_village_id and p.user_id = any(p_user_ids);
end;
$$;

--
-- Name: preferences_of_many(uuid[], uuid[], uuid[]); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.preferences_of_many(p_village_ids uuid[], p_topic_ids uuid[], p_user_ids uuid[]) RETURNS TABLE(village_id uuid, topic_id uuid, user_id uuid, level text, topic_setting text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select g.village_id, g.topic_id, p.user_id, p.level, p.topic_setting
   from (select k.village_id, k.topic_id, array_agg(distinct k.user_id) as user_ids
           from unnest(p_village_ids, p_topic_ids, p_user_ids) as k(village_id, topic_id, user_id)
          group by k.village_id, k.topic_id) as g
  cross join lateral notifications.preferences_of(g.village_id, g.user_ids, g.topic_id) as p;
end;
$$;

--
-- Name: purge_audience_tombstones(timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.purge_audience_tombstones(p_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_count integer;
  v_total integer;
begin
  delete from notifications.cancelled_events c where c.updated_at < p_before;
  get diagnostics v_total = row_count;
  delete from notifications.deleted_users d where d.updated_at < p_before;
  get diagnostics v_count = row_count;
  return v_total + v_count;
end;
$$;

--
-- Name: purge_idempotency_keys(timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.purge_idempotency_keys(p_created_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from notifications.idempotency_keys where created_at < p_created_before returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: purge_inbox(text, timestamp with time zone, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.purge_inbox(p_consumer text, p_processed_before timestamp with time zone, p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with doomed as (
    select i.event_id from notifications.inbox i
     where i.consumer = p_consumer and i.processed_at < p_processed_before
     limit p_limit
       for update skip locked),
  gone as (
    delete from notifications.inbox i using doomed d
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
-- Name: purge_outbox(timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.purge_outbox(p_published_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from notifications.outbox where published_at < p_published_before returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: purge_replica_tombstones(timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.purge_replica_tombstones(p_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_members integer;
  v_villages integer;
begin
  delete from notifications.village_members m where m.removed and m.updated_at < p_before;
  get diagnostics v_members = row_count;
  delete from notifications.villages v where v.deleted and v.updated_at < p_before;
  get diagnostics v_villages = row_count;
  return v_members + v_villages;
end;
$$;

--
-- Name: purge_webhook_deliveries(timestamp with time zone, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.purge_webhook_deliveries(p_before timestamp with time zone, p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from notifications.webhook_deliveries d
     where d.id in (select x.id from notifications.webhook_deliveries x
                     where x.status in ('succeeded', 'dead') and x.updated_at < p_before
                     order by x.updated_at
                     limit p_limit)
    returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: put_preferences(uuid, uuid, text, jsonb); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.put_preferences(p_user_id uuid, p_village_id uuid, p_level text, p_topics jsonb) RETURNS TABLE(village_id uuid, level text, topics jsonb, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if jsonb_typeof(p_topics) is distinct from 'object' then
    raise exception using errcode = '22023', message = 'invalid', detail = 'p_topics must be an object';
  end if;
  insert into notifications.village_preferences as p (user_id, village_id, level)
  values (p_user_id, p_village_id, p_level)
  on conflict on constraint village_preferences_user_village_key
  do update set level = excluded.level, updated_at = now();

  delete from notifications.topic_preferences t where t.user_id = p_user_id and t.village_id = p_village_id;
  insert into notifications.topic_preferences (user_id, village_id, topic_id, setting)
  select p_user_id, p_village_id, e.key::uuid, e.value
    from jsonb_each_text(p_topics) e
   where e.value <> 'normal';

  return query select * from notifications.get_preferences(p_user_id, p_village_id);
end;
$$;

--
-- Name: redeliver_webhook_delivery(uuid, uuid, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.redeliver_webhook_delivery(p_webhook_id uuid, p_delivery_id uuid, p_attempts_limit integer) RETURNS TABLE(id uuid, webhook_id uuid, event_id uuid, event_type text, status text, attempts integer, last_status_code integer, last_error text, next_attempt_at timestamp with time zone, delivered_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, recent_attempts jsonb, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_delivery notifications.webhook_deliveries;
begin
  select * into v_delivery from notifications.webhook_deliveries d
   where d.id = p_delivery_id and d.webhook_id = p_webhook_id
   for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such delivery';
  end if;
  if not (select w.enabled from notifications.webhooks w where w.id = p_webhook_id) then
    raise exception using errcode = 'P0001', message = 'conflict',
      detail = 'The webhook is disabled: enable it before redelivering';
  end if;
  if v_delivery.lease_until > clock_timestamp() then
    raise exception using errcode = 'P0001', message = 'conflict',
      detail = 'The delivery is being attempted now';
  end if;
  update notifications.webhook_deliveries d
     set status = 'pending', attempts = 0, next_attempt_at = clock_timestamp(), lease_id = null,
         lease_until = null, delivered_at = null, updated_at = now()
   where d.id = p_delivery_id;
  return query
    select d.id, d.webhook_id, d.event_id, d.event_type, d.status, d.attempts, d.last_status_code,
           d.last_error, d.next_attempt_at, d.delivered_at, d.created_at, d.updated_at,
           notifications.webhook_delivery_recent_attempts(d.id, p_attempts_limit), d.created_at::text
      from notifications.webhook_deliveries d
     where d.id = p_delivery_id;
end;
$$;

--
-- Name: register_push_subscription(uuid, text, text, text, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.register_push_subscription(p_user_id uuid, p_endpoint text, p_p256dh text, p_auth text, p_max_per_user integer) RETURNS TABLE(id uuid, endpoint text, created_at timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_previous_user uuid;
  v_subscription notifications.push_subscriptions;
begin
  select s.user_id into v_previous_user from notifications.push_subscriptions s
   where s.endpoint = p_endpoint for update;
  insert into notifications.push_subscriptions as s (user_id, endpoint, p256dh, auth)
  values (p_user_id, p_endpoint, p_p256dh, p_auth)
  on conflict on constraint push_subscriptions_endpoint_key
  do update set user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth, updated_at = now()
  returning s.* into v_subscription;

  if v_previous_user is not null and v_previous_user <> p_user_id then
    delete from notifications.push_deliveries d where d.subscription_id = v_subscription.id;
  end if;

  delete from notifications.push_subscriptions s
   where s.user_id = p_user_id
     and s.id not in (select k.id from notifications.push_subscriptions k
                       where k.user_id = p_user_id
                       order by k.updated_at desc, k.id desc
                       limit greatest(p_max_per_user, 1));

  return query select v_subscription.id, v_subscription.endpoint, v_subscription.created_at,
                      v_subscription.updated_at;
end;
$$;

--
-- Name: remove_gone_push_subscription(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.remove_gone_push_subscription(p_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  delete from notifications.push_subscriptions s where s.id = p_id;
  return found;
end;
$$;

--
-- Name: renew_replica_bootstrap(text, timestamp with time zone, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.renew_replica_bootstrap(p_replica text, p_started_at timestamp with time zone, p_lease_ms integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  update notifications.replica_bootstraps r
     set leased_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0), updated_at = now()
   where r.replica = p_replica and r.started_at = p_started_at;
  return found;
end;
$$;

--
-- Name: store_app_roles_snapshot(jsonb, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.store_app_roles_snapshot(p_roles jsonb, p_document_version integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into notifications.app_roles (roles, document_version) values (p_roles, p_document_version)
  on conflict (id) do nothing;
  return found;
end;
$$;

--
-- Name: store_app_roles_version(jsonb, integer, timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.store_app_roles_version(p_roles jsonb, p_document_version integer, p_version_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into notifications.app_roles as r (roles, document_version, version_at)
  values (p_roles, p_document_version, p_version_at)
  on conflict (id) do update
     set roles = excluded.roles, document_version = excluded.document_version,
         version_at = excluded.version_at, version_event_id = null, updated_at = now()
   where r.version_at is null or r.version_at < excluded.version_at;
  return found;
end;
$$;

--
-- Name: store_attendance_snapshot(jsonb, timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.store_attendance_snapshot(p_answers jsonb, p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_count integer;
begin
  update notifications.event_attendance a set synced_at = p_synced_at
    from jsonb_to_recordset(p_answers) as x("eventId" uuid, "memberId" uuid, "occurrenceStart" timestamptz)
   where a.event_id = x."eventId" and a.user_id = x."memberId"
     and a.occurrence_start = coalesce(x."occurrenceStart", '-infinity');
  insert into notifications.event_attendance as a
    (event_id, village_id, user_id, occurrence_start, status, version_at, synced_at)
  select x."eventId", x."villageId", x."memberId", coalesce(x."occurrenceStart", '-infinity'), x.status,
         x."versionAt", p_synced_at
    from jsonb_to_recordset(p_answers) as x("eventId" uuid, "villageId" uuid, "memberId" uuid,
                                             "occurrenceStart" timestamptz, status text, "versionAt" timestamptz)
   where not exists (select 1 from notifications.cancelled_events c where c.event_id = x."eventId")
     and not exists (select 1 from notifications.deleted_users d where d.user_id = x."memberId")
     and not exists (select 1 from notifications.villages v where v.id = x."villageId" and v.deleted)
  on conflict on constraint event_attendance_event_occurrence_user_key do update
     set status = excluded.status, version_at = excluded.version_at, updated_at = now()
   where a.version_at < excluded.version_at;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

--
-- Name: store_membership_snapshot(uuid, uuid, text, text, integer, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.store_membership_snapshot(p_village_id uuid, p_user_id uuid, p_visibility text, p_role text, p_village_revision integer, p_member_revision integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_stored boolean := false;
begin
  if p_visibility is null then
    return false;
  end if;
  insert into notifications.villages as v (id, visibility)
  select p_village_id, p_visibility where p_village_revision = 0
  on conflict (id) do nothing;
  if found then
    v_stored := true;
  else
    update notifications.villages v
       set visibility = p_visibility, revision = v.revision + 1, updated_at = now()
     where v.id = p_village_id and v.revision = p_village_revision and not v.deleted
       and v.visibility is distinct from p_visibility;
    v_stored := found;
  end if;

  if p_role is not null then
    insert into notifications.village_members as m (village_id, user_id, role)
    select p_village_id, p_user_id, p_role where p_member_revision = 0
    on conflict (village_id, user_id) do nothing;
    if not found then
      update notifications.village_members m
         set role = p_role, removed = false, revision = m.revision + 1, updated_at = now()
       where m.village_id = p_village_id and m.user_id = p_user_id and m.revision = p_member_revision
         and (m.removed or m.role <> p_role);
    end if;
  else
    update notifications.village_members m
       set removed = true, revision = m.revision + 1, updated_at = now()
     where m.village_id = p_village_id and m.user_id = p_user_id and m.revision = p_member_revision
       and not m.removed;
  end if;
  return v_stored or found;
end;
$$;

--
-- Name: store_membership_snapshot_page(jsonb, jsonb, timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.store_membership_snapshot_page(p_villages jsonb, p_members jsonb, p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_villages integer;
  v_members integer;
begin
  update notifications.villages v set synced_at = p_synced_at
    from jsonb_to_recordset(p_villages) as x("villageId" uuid)
   where v.id = x."villageId";
  insert into notifications.villages as v (id, visibility, version_at, synced_at)
  select x."villageId", x.visibility, x."versionAt", p_synced_at
    from jsonb_to_recordset(p_villages) as x("villageId" uuid, visibility text, "versionAt" timestamptz)
  on conflict (id) do update
     set visibility = excluded.visibility, version_at = excluded.version_at, version_event_id = null,
         revision = v.revision + 1, updated_at = now()
   where not v.deleted and (v.version_at is null or v.version_at < excluded.version_at);
  get diagnostics v_villages = row_count;

  update notifications.village_members m set synced_at = p_synced_at
    from jsonb_to_recordset(p_members) as x("villageId" uuid, "userId" uuid)
   where m.village_id = x."villageId" and m.user_id = x."userId";
  insert into notifications.village_members as m (village_id, user_id, role, version_at, synced_at)
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
-- Name: sweep_attendance(timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.sweep_attendance(p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from notifications.event_attendance a
     where a.synced_at is distinct from p_synced_at and a.updated_at < p_synced_at
    returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: sweep_membership_replica(timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.sweep_membership_replica(p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_villages integer;
  v_members integer;
begin
  update notifications.villages v set deleted = true, revision = v.revision + 1, updated_at = now()
   where not v.deleted and v.synced_at is distinct from p_synced_at and v.updated_at < p_synced_at;
  get diagnostics v_villages = row_count;
  update notifications.village_members m set removed = true, revision = m.revision + 1, updated_at = now()
   where not m.removed and m.synced_at is distinct from p_synced_at and m.updated_at < p_synced_at;
  get diagnostics v_members = row_count;
  return v_villages + v_members;
end;
$$;

--
-- Name: topic_watchers(uuid, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.topic_watchers(p_village_id uuid, p_topic_id uuid) RETURNS TABLE(user_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select t.user_id
   from notifications.topic_preferences t
  where t.topic_id = p_topic_id and t.village_id = p_village_id and t.setting = 'watch'
    and not exists (select 1 from notifications.village_members m
                     where m.village_id = t.village_id and m.user_id = t.user_id and m.removed);
end;
$$;

--
-- Name: topic_watchers_many(uuid[], uuid[]); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.topic_watchers_many(p_village_ids uuid[], p_topic_ids uuid[]) RETURNS TABLE(village_id uuid, topic_id uuid, user_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select t.village_id, t.topic_id, w.user_id
   from (select distinct k.village_id, k.topic_id
           from unnest(p_village_ids, p_topic_ids) as k(village_id, topic_id)) as t
  cross join lateral notifications.topic_watchers(t.village_id, t.topic_id) as w;
end;
$$;

--
-- Name: try_lead_outbox(); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.try_lead_outbox() RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return pg_try_advisory_lock(hashtextextended('vv.outbox.notifications', 0));
end;
$$;

--
-- Name: update_webhook(uuid, uuid, text, text[], boolean, jsonb); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.update_webhook(p_village_id uuid, p_webhook_id uuid, p_url text DEFAULT NULL::text, p_events text[] DEFAULT NULL::text[], p_enabled boolean DEFAULT NULL::boolean, p_data jsonb DEFAULT NULL::jsonb) RETURNS TABLE(id uuid, village_id uuid, url text, events text[], enabled boolean, disabled_at timestamp with time zone, failing_since timestamp with time zone, created_by uuid, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_was_enabled boolean;
begin
  select w.enabled into v_was_enabled from notifications.webhooks w
   where w.id = p_webhook_id and w.village_id = p_village_id
   for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such webhook';
  end if;
  update notifications.webhooks w
     set url = coalesce(p_url, w.url),
         events = coalesce(p_events, w.events),
         data = coalesce(p_data, w.data),
         enabled = coalesce(p_enabled, w.enabled),
         disabled_at = case when coalesce(p_enabled, w.enabled) then null else coalesce(w.disabled_at, now()) end,
         failing_since = case
           when p_enabled and not v_was_enabled then null
           when p_url is not null and p_url <> w.url then null
           else w.failing_since end,
         updated_at = now()
   where w.id = p_webhook_id;
  if v_was_enabled and p_enabled is false then
    perform notifications.kill_webhook_deliveries(p_webhook_id, 'webhook disabled');
  end if;
  return query select * from notifications.get_webhook(p_village_id, p_webhook_id);
end;
$$;

--
-- Name: uuid_v7(); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.uuid_v7() RETURNS uuid
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
-- Name: village_member_ids(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.village_member_ids(p_village_id uuid) RETURNS TABLE(user_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select m.user_id
   from notifications.village_members m
  where m.village_id = p_village_id and not m.removed
    and not exists (select 1 from notifications.villages v where v.id = p_village_id and v.deleted);
end;
$$;

--
-- Name: village_member_ids_many(uuid[]); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.village_member_ids_many(p_village_ids uuid[]) RETURNS TABLE(village_id uuid, user_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select v.village_id, m.user_id
   from (select distinct k.village_id from unnest(p_village_ids) as k(village_id)) as v
  cross join lateral notifications.village_member_ids(v.village_id) as m;
end;
$$;

--
-- Name: webhook_delivery_recent_attempts(uuid, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.webhook_delivery_recent_attempts(p_delivery_id uuid, p_limit integer) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result jsonb;
begin
  select coalesce(jsonb_agg(jsonb_build_object(
         'number', a.number,
         'at', to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'statusCode', a.status_code, 'error', a.error,
         'durationMs', a.duration_ms, 'succeeded', a.succeeded) order by a.created_at desc, a.id desc), '[]')
  from (select * from notifications.webhook_delivery_attempts x
         where x.delivery_id = p_delivery_id
         order by x.created_at desc, x.id desc
         limit p_limit) a
    into v_result;
  return v_result;
end;
$$;

--
-- Name: app_roles; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.app_roles (
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
-- Name: cancelled_events; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.cancelled_events (
    event_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: deleted_users; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.deleted_users (
    user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: event_attendance; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.event_attendance (
    id uuid DEFAULT notifications.uuid_v7() NOT NULL,
    event_id uuid NOT NULL,
    village_id uuid NOT NULL,
    user_id uuid NOT NULL,
    occurrence_start timestamp with time zone NOT NULL,
    status text NOT NULL,
    version_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    synced_at timestamp with time zone,
    CONSTRAINT event_attendance_status_check CHECK ((status = ANY (ARRAY['yes'::text, 'no'::text, 'maybe'::text])))
);

--
-- Name: idempotency_keys; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.idempotency_keys (
    user_id uuid NOT NULL,
    key text NOT NULL,
    fingerprint text NOT NULL,
    response jsonb,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT idempotency_keys_fingerprint_check CHECK ((char_length(fingerprint) = 64)),
    CONSTRAINT idempotency_keys_key_check CHECK (((char_length(key) >= 1) AND (char_length(key) <= 255)))
);

--
-- Name: inbox; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.inbox (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    processed_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

--
-- Name: notifications; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.notifications (
    id uuid DEFAULT notifications.uuid_v7() NOT NULL,
    user_id uuid NOT NULL,
    village_id uuid,
    kind text NOT NULL,
    actor_id uuid,
    source_event_id uuid NOT NULL,
    invitation_id uuid,
    conversation_id uuid,
    message_id uuid,
    broadcast_id uuid,
    topic_id uuid,
    post_id uuid,
    event_id uuid,
    file_id uuid,
    webhook_id uuid,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    read_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT notifications_data_object CHECK (((jsonb_typeof(data) = 'object'::text) AND (octet_length((data)::text) <= 4096))),
    CONSTRAINT notifications_kind_check CHECK ((kind = ANY (ARRAY['invited'::text, 'added_to_village'::text, 'direct_message'::text, 'broadcast'::text, 'reply'::text, 'reaction'::text, 'topic_post'::text, 'event_changed'::text, 'event_cancelled'::text, 'file_shared'::text, 'webhook_disabled'::text])))
);

--
-- Name: outbox; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.outbox (
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
-- Name: outbox_seq_seq; Type: SEQUENCE; Schema: notifications; Owner: -
--

ALTER TABLE notifications.outbox ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME notifications.outbox_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: outgoing_mail; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.outgoing_mail (
    id uuid DEFAULT notifications.uuid_v7() NOT NULL,
    event_id uuid NOT NULL,
    kind text NOT NULL,
    payload jsonb NOT NULL,
    message_id text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    lease_until timestamp with time zone,
    last_error text,
    sent_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT outgoing_mail_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT outgoing_mail_kind_check CHECK ((kind = 'invitation'::text)),
    CONSTRAINT outgoing_mail_last_error_check CHECK ((char_length(last_error) <= 1000)),
    CONSTRAINT outgoing_mail_lease_check CHECK (((status = 'sending'::text) = (lease_until IS NOT NULL))),
    CONSTRAINT outgoing_mail_payload_object CHECK ((jsonb_typeof(payload) = 'object'::text)),
    CONSTRAINT outgoing_mail_sent_check CHECK (((status = 'sent'::text) = (sent_at IS NOT NULL))),
    CONSTRAINT outgoing_mail_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sending'::text, 'sent'::text, 'skipped'::text, 'failed'::text])))
);

--
-- Name: push_deliveries; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.push_deliveries (
    id uuid DEFAULT notifications.uuid_v7() NOT NULL,
    notification_id uuid NOT NULL,
    subscription_id uuid NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    lease_until timestamp with time zone,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT push_deliveries_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT push_deliveries_last_error_check CHECK ((char_length(last_error) <= 1000)),
    CONSTRAINT push_deliveries_lease_check CHECK (((status = 'sending'::text) = (lease_until IS NOT NULL))),
    CONSTRAINT push_deliveries_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sending'::text, 'failed'::text])))
);

--
-- Name: push_subscriptions; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.push_subscriptions (
    id uuid DEFAULT notifications.uuid_v7() NOT NULL,
    user_id uuid NOT NULL,
    endpoint text NOT NULL,
    p256dh text NOT NULL,
    auth text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT push_subscriptions_auth_check CHECK (((char_length(auth) >= 16) AND (char_length(auth) <= 32))),
    CONSTRAINT push_subscriptions_endpoint_check CHECK (((char_length(endpoint) >= 8) AND (char_length(endpoint) <= 2048))),
    CONSTRAINT push_subscriptions_p256dh_check CHECK (((char_length(p256dh) >= 80) AND (char_length(p256dh) <= 100)))
);

--
-- Name: replica_bootstraps; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.replica_bootstraps (
    replica text NOT NULL,
    started_at timestamp with time zone,
    completed_at timestamp with time zone,
    leased_until timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: schema_migrations; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.schema_migrations (
    id text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: topic_preferences; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.topic_preferences (
    id uuid DEFAULT notifications.uuid_v7() NOT NULL,
    user_id uuid NOT NULL,
    village_id uuid NOT NULL,
    topic_id uuid NOT NULL,
    setting text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT topic_preferences_setting_check CHECK ((setting = ANY (ARRAY['watch'::text, 'mute'::text])))
);

--
-- Name: village_members; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.village_members (
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
-- Name: village_preferences; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.village_preferences (
    id uuid DEFAULT notifications.uuid_v7() NOT NULL,
    user_id uuid NOT NULL,
    village_id uuid NOT NULL,
    level text DEFAULT 'all'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT village_preferences_level_check CHECK ((level = ANY (ARRAY['all'::text, 'mentions_and_direct'::text, 'none'::text])))
);

--
-- Name: villages; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.villages (
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
-- Name: webhook_deliveries; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.webhook_deliveries (
    id uuid DEFAULT notifications.uuid_v7() NOT NULL,
    webhook_id uuid NOT NULL,
    event_id uuid NOT NULL,
    event_type text NOT NULL,
    body text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now(),
    lease_id uuid,
    lease_until timestamp with time zone,
    last_status_code integer,
    last_error text,
    delivered_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT webhook_deliveries_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT webhook_deliveries_delivered_check CHECK (((status = 'succeeded'::text) = (delivered_at IS NOT NULL))),
    CONSTRAINT webhook_deliveries_due_check CHECK (((status = ANY (ARRAY['pending'::text, 'failed'::text])) = (next_attempt_at IS NOT NULL))),
    CONSTRAINT webhook_deliveries_last_error_check CHECK ((char_length(last_error) <= 1000)),
    CONSTRAINT webhook_deliveries_last_status_code_check CHECK (((last_status_code >= 100) AND (last_status_code <= 599))),
    CONSTRAINT webhook_deliveries_lease_check CHECK (((lease_id IS NULL) = (lease_until IS NULL))),
    CONSTRAINT webhook_deliveries_lease_status_check CHECK (((lease_id IS NULL) OR (status = ANY (ARRAY['pending'::text, 'failed'::text])))),
    CONSTRAINT webhook_deliveries_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'failed'::text, 'succeeded'::text, 'dead'::text])))
);

--
-- Name: webhook_delivery_attempts; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.webhook_delivery_attempts (
    id uuid DEFAULT notifications.uuid_v7() NOT NULL,
    delivery_id uuid NOT NULL,
    number integer NOT NULL,
    status_code integer,
    error text,
    duration_ms integer NOT NULL,
    succeeded boolean NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT webhook_delivery_attempts_duration_check CHECK ((duration_ms >= 0)),
    CONSTRAINT webhook_delivery_attempts_error_check CHECK ((char_length(error) <= 1000)),
    CONSTRAINT webhook_delivery_attempts_number_check CHECK ((number > 0)),
    CONSTRAINT webhook_delivery_attempts_status_code_check CHECK (((status_code >= 100) AND (status_code <= 599)))
);

--
-- Name: webhooks; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.webhooks (
    id uuid DEFAULT notifications.uuid_v7() NOT NULL,
    village_id uuid NOT NULL,
    url text NOT NULL,
    events text[] NOT NULL,
    secret text NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    disabled_at timestamp with time zone,
    failing_since timestamp with time zone,
    created_by uuid NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT webhooks_data_object CHECK ((jsonb_typeof(data) = 'object'::text)),
    CONSTRAINT webhooks_disabled_check CHECK ((enabled = (disabled_at IS NULL))),
    CONSTRAINT webhooks_events_check CHECK (((cardinality(events) >= 1) AND (cardinality(events) <= 50))),
    CONSTRAINT webhooks_secret_check CHECK (((char_length(secret) >= 1) AND (char_length(secret) <= 1024))),
    CONSTRAINT webhooks_url_check CHECK (((char_length(url) <= 2048) AND (url ~ '^https?://'::text)))
);

--
-- Name: app_roles app_roles_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.app_roles
    ADD CONSTRAINT app_roles_pkey PRIMARY KEY (id);

--
-- Name: cancelled_events cancelled_events_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.cancelled_events
    ADD CONSTRAINT cancelled_events_pkey PRIMARY KEY (event_id);

--
-- Name: deleted_users deleted_users_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.deleted_users
    ADD CONSTRAINT deleted_users_pkey PRIMARY KEY (user_id);

--
-- Name: event_attendance event_attendance_event_occurrence_user_key; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.event_attendance
    ADD CONSTRAINT event_attendance_event_occurrence_user_key UNIQUE (event_id, occurrence_start, user_id);

--
-- Name: event_attendance event_attendance_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.event_attendance
    ADD CONSTRAINT event_attendance_pkey PRIMARY KEY (id);

--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key);

--
-- Name: inbox inbox_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.inbox
    ADD CONSTRAINT inbox_pkey PRIMARY KEY (consumer, event_id);

--
-- Name: notifications notifications_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.notifications
    ADD CONSTRAINT notifications_pkey PRIMARY KEY (id);

--
-- Name: notifications notifications_source_key; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.notifications
    ADD CONSTRAINT notifications_source_key UNIQUE (user_id, source_event_id, kind);

--
-- Name: outbox outbox_id_key; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.outbox
    ADD CONSTRAINT outbox_id_key UNIQUE (id);

--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (seq);

--
-- Name: outgoing_mail outgoing_mail_event_key; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.outgoing_mail
    ADD CONSTRAINT outgoing_mail_event_key UNIQUE (event_id);

--
-- Name: outgoing_mail outgoing_mail_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.outgoing_mail
    ADD CONSTRAINT outgoing_mail_pkey PRIMARY KEY (id);

--
-- Name: push_deliveries push_deliveries_notification_subscription_key; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.push_deliveries
    ADD CONSTRAINT push_deliveries_notification_subscription_key UNIQUE (notification_id, subscription_id);

--
-- Name: push_deliveries push_deliveries_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.push_deliveries
    ADD CONSTRAINT push_deliveries_pkey PRIMARY KEY (id);

--
-- Name: push_subscriptions push_subscriptions_endpoint_key; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.push_subscriptions
    ADD CONSTRAINT push_subscriptions_endpoint_key UNIQUE (endpoint);

--
-- Name: push_subscriptions push_subscriptions_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.push_subscriptions
    ADD CONSTRAINT push_subscriptions_pkey PRIMARY KEY (id);

--
-- Name: replica_bootstraps replica_bootstraps_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.replica_bootstraps
    ADD CONSTRAINT replica_bootstraps_pkey PRIMARY KEY (replica);

--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (id);

--
-- Name: topic_preferences topic_preferences_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.topic_preferences
    ADD CONSTRAINT topic_preferences_pkey PRIMARY KEY (id);

--
-- Name: topic_preferences topic_preferences_user_topic_key; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.topic_preferences
    ADD CONSTRAINT topic_preferences_user_topic_key UNIQUE (user_id, topic_id);

--
-- Name: village_members village_members_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.village_members
    ADD CONSTRAINT village_members_pkey PRIMARY KEY (village_id, user_id);

--
-- Name: village_preferences village_preferences_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.village_preferences
    ADD CONSTRAINT village_preferences_pkey PRIMARY KEY (id);

--
-- Name: village_preferences village_preferences_user_village_key; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.village_preferences
    ADD CONSTRAINT village_preferences_user_village_key UNIQUE (user_id, village_id);

--
-- Name: villages villages_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.villages
    ADD CONSTRAINT villages_pkey PRIMARY KEY (id);

--
-- Name: webhook_deliveries webhook_deliveries_event_key; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_event_key UNIQUE (webhook_id, event_id);

--
-- Name: webhook_deliveries webhook_deliveries_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id);

--
-- Name: webhook_delivery_attempts webhook_delivery_attempts_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.webhook_delivery_attempts
    ADD CONSTRAINT webhook_delivery_attempts_pkey PRIMARY KEY (id);

--
-- Name: webhooks webhooks_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.webhooks
    ADD CONSTRAINT webhooks_pkey PRIMARY KEY (id);

--
-- Name: cancelled_events_updated_at_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX cancelled_events_updated_at_idx ON notifications.cancelled_events USING btree (updated_at);

--
-- Name: deleted_users_updated_at_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX deleted_users_updated_at_idx ON notifications.deleted_users USING btree (updated_at);

--
-- Name: event_attendance_user_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX event_attendance_user_id_idx ON notifications.event_attendance USING btree (user_id);

--
-- Name: event_attendance_village_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX event_attendance_village_id_idx ON notifications.event_attendance USING btree (village_id);

--
-- Name: idempotency_keys_created_at_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX idempotency_keys_created_at_idx ON notifications.idempotency_keys USING btree (created_at);

--
-- Name: inbox_consumer_processed_at_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX inbox_consumer_processed_at_idx ON notifications.inbox USING btree (consumer, processed_at);

--
-- Name: notifications_user_created_at_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX notifications_user_created_at_id_idx ON notifications.notifications USING btree (user_id, created_at, id);

--
-- Name: notifications_user_unread_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX notifications_user_unread_idx ON notifications.notifications USING btree (user_id, created_at, id) WHERE (read_at IS NULL);

--
-- Name: outbox_pending_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX outbox_pending_idx ON notifications.outbox USING btree (seq) WHERE (published_at IS NULL);

--
-- Name: outbox_published_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX outbox_published_idx ON notifications.outbox USING btree (published_at) WHERE (published_at IS NOT NULL);

--
-- Name: outgoing_mail_created_at_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX outgoing_mail_created_at_id_idx ON notifications.outgoing_mail USING btree (created_at, id);

--
-- Name: outgoing_mail_due_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX outgoing_mail_due_idx ON notifications.outgoing_mail USING btree (next_attempt_at) WHERE (status = ANY (ARRAY['pending'::text, 'sending'::text]));

--
-- Name: push_deliveries_due_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX push_deliveries_due_idx ON notifications.push_deliveries USING btree (next_attempt_at) WHERE (status = ANY (ARRAY['pending'::text, 'sending'::text]));

--
-- Name: push_deliveries_subscription_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX push_deliveries_subscription_id_idx ON notifications.push_deliveries USING btree (subscription_id);

--
-- Name: push_subscriptions_user_created_at_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX push_subscriptions_user_created_at_id_idx ON notifications.push_subscriptions USING btree (user_id, created_at, id);

--
-- Name: topic_preferences_topic_setting_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX topic_preferences_topic_setting_idx ON notifications.topic_preferences USING btree (topic_id, setting, user_id);

--
-- Name: topic_preferences_user_village_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX topic_preferences_user_village_idx ON notifications.topic_preferences USING btree (user_id, village_id);

--
-- Name: village_members_user_id_village_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX village_members_user_id_village_id_idx ON notifications.village_members USING btree (user_id, village_id) WHERE (NOT removed);

--
-- Name: village_preferences_village_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX village_preferences_village_id_idx ON notifications.village_preferences USING btree (village_id);

--
-- Name: webhook_deliveries_due_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX webhook_deliveries_due_idx ON notifications.webhook_deliveries USING btree (next_attempt_at) WHERE (status = ANY (ARRAY['pending'::text, 'failed'::text]));

--
-- Name: webhook_deliveries_finished_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX webhook_deliveries_finished_idx ON notifications.webhook_deliveries USING btree (updated_at) WHERE (status = ANY (ARRAY['succeeded'::text, 'dead'::text]));

--
-- Name: webhook_deliveries_webhook_created_at_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX webhook_deliveries_webhook_created_at_id_idx ON notifications.webhook_deliveries USING btree (webhook_id, created_at DESC, id DESC);

--
-- Name: webhook_deliveries_webhook_status_created_at_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX webhook_deliveries_webhook_status_created_at_id_idx ON notifications.webhook_deliveries USING btree (webhook_id, status, created_at DESC, id DESC);

--
-- Name: webhook_delivery_attempts_delivery_created_at_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX webhook_delivery_attempts_delivery_created_at_id_idx ON notifications.webhook_delivery_attempts USING btree (delivery_id, created_at DESC, id DESC);

--
-- Name: webhooks_village_created_at_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX webhooks_village_created_at_id_idx ON notifications.webhooks USING btree (village_id, created_at, id);

--
-- Name: outgoing_mail outgoing_mail_notify; Type: TRIGGER; Schema: notifications; Owner: -
--

CREATE TRIGGER outgoing_mail_notify AFTER INSERT ON notifications.outgoing_mail FOR EACH STATEMENT EXECUTE FUNCTION notifications.notify_queue('notifications_mail');

--
-- Name: push_deliveries push_deliveries_notify; Type: TRIGGER; Schema: notifications; Owner: -
--

CREATE TRIGGER push_deliveries_notify AFTER INSERT ON notifications.push_deliveries FOR EACH STATEMENT EXECUTE FUNCTION notifications.notify_queue('notifications_push');

--
-- Name: webhook_deliveries webhook_deliveries_notify; Type: TRIGGER; Schema: notifications; Owner: -
--

CREATE TRIGGER webhook_deliveries_notify AFTER INSERT ON notifications.webhook_deliveries FOR EACH STATEMENT EXECUTE FUNCTION notifications.notify_queue('notifications_webhooks');

--
-- Name: push_deliveries push_deliveries_notification_id_fkey; Type: FK CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.push_deliveries
    ADD CONSTRAINT push_deliveries_notification_id_fkey FOREIGN KEY (notification_id) REFERENCES notifications.notifications(id) ON DELETE CASCADE;

--
-- Name: push_deliveries push_deliveries_subscription_id_fkey; Type: FK CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.push_deliveries
    ADD CONSTRAINT push_deliveries_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES notifications.push_subscriptions(id) ON DELETE CASCADE;

--
-- Name: topic_preferences topic_preferences_village_preferences_fkey; Type: FK CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.topic_preferences
    ADD CONSTRAINT topic_preferences_village_preferences_fkey FOREIGN KEY (user_id, village_id) REFERENCES notifications.village_preferences(user_id, village_id) ON DELETE CASCADE;

--
-- Name: webhook_deliveries webhook_deliveries_webhook_id_fkey; Type: FK CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_webhook_id_fkey FOREIGN KEY (webhook_id) REFERENCES notifications.webhooks(id) ON DELETE CASCADE;

--
-- Name: webhook_delivery_attempts webhook_delivery_attempts_delivery_id_fkey; Type: FK CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.webhook_delivery_attempts
    ADD CONSTRAINT webhook_delivery_attempts_delivery_id_fkey FOREIGN KEY (delivery_id) REFERENCES notifications.webhook_deliveries(id) ON DELETE CASCADE;

--
-- PostgreSQL database dump complete
--
