-- Notification creation set-wise: a consumer's batch (up to a hundred events, a few hundred
-- notifications) is written in one insert, its notification.created events in one (emit_events),
-- its push deliveries in one — instead of a plpgsql loop with three statements per notification.
-- The single forms had no other caller and go, so the rules stay in one place.

drop function notifications.create_notifications_many(jsonb);
drop function notifications.create_account_notifications(uuid, text, uuid, uuid, uuid[], jsonb, jsonb, timestamptz);
drop function notifications.create_notifications(uuid, text, uuid, uuid, uuid[], jsonb, jsonb, timestamptz);

-- Writes, for each element of p_notifications ({sourceEventId, kind, villageId, actorId, userIds,
-- subject, data, occurredAt}), one notification of its kind per user of userIds whose account is not
-- known deleted (a user who already has it from that event gets no second one; a pair named twice is
-- written once, for its first element). For each new one, in this transaction and in input order, its
-- notification.created event (envelope village null: it belongs to the user) and a push delivery per
-- subscription of the user. subject: the ids it points at (camelCase keys, as the contract names
-- them). Returns the notifications made now, with how many pushes each queued.
create or replace function notifications.create_notifications_many(p_notifications jsonb)
returns table (source_event_id uuid, kind text, id uuid, user_id uuid, pushes integer)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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
