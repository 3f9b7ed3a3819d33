-- What the consumers need to derive notifications: the audiences (a village's members and a
-- topic's watchers, from the membership replica of libs/access installed in this schema; the
-- attendees of a calendar event, kept from calendar's attendance.changed), and the one function
-- that writes notifications with their events and push deliveries. Who is notified of what is
-- decided in TypeScript (src/inbox/derivation.ts, src/preferences/preference-rules.ts).

-- RSVPs as calendar's attendance.changed events tell them: the last status per member and
-- occurrence (occurrence_start '-infinity' for a single event, as calendar keys it).
create table notifications.event_attendance (
  id uuid primary key default notifications.uuid_v7(),
  event_id uuid not null,
  village_id uuid not null,
  user_id uuid not null,
  occurrence_start timestamptz not null,
  status text not null constraint event_attendance_status_check check (status in ('yes', 'no', 'maybe')),
  -- The occurredAt of the last event applied: an older event never overwrites a newer answer.
  version_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint event_attendance_event_occurrence_user_key unique (event_id, occurrence_start, user_id)
);

create index event_attendance_user_id_idx on notifications.event_attendance (user_id);
create index event_attendance_village_id_idx on notifications.event_attendance (village_id);

-- Applies one attendance.changed, unless the row already holds a newer answer. True when applied.
create or replace function notifications.apply_attendance(
  p_event_id uuid, p_village_id uuid, p_user_id uuid, p_occurrence_start timestamptz, p_status text,
  p_occurred_at timestamptz
) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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

-- Members whose last answer to the event is one of p_statuses: for one occurrence
-- (p_occurrence_start), or for the single event and every occurrence starting at or after p_since
-- (p_occurrence_start null). Members known to have left the village are left out.
create or replace function notifications.event_attendees(
  p_event_id uuid, p_statuses text[], p_occurrence_start timestamptz, p_since timestamptz
) returns table (user_id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select distinct a.user_id
    from notifications.event_attendance a
   where a.event_id = p_event_id
     and a.status = any(p_statuses)
     and (case when p_occurrence_start is null
               then a.occurrence_start = '-infinity' or a.occurrence_start >= p_since
               else a.occurrence_start = p_occurrence_start end)
     and not exists (select 1 from notifications.village_members m
                      where m.village_id = a.village_id and m.user_id = a.user_id and m.removed);
$$;

-- A cancelled event's answers are of no more use.
create or replace function notifications.forget_event_attendance(p_event_id uuid)
returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with gone as (delete from notifications.event_attendance a where a.event_id = p_event_id returning 1)
  select count(*)::integer from gone;
$$;

-- The village's current members as the replica knows them (none once the village is deleted).
create or replace function notifications.village_member_ids(p_village_id uuid)
returns table (user_id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select m.user_id
    from notifications.village_members m
   where m.village_id = p_village_id and not m.removed
     and not exists (select 1 from notifications.villages v where v.id = p_village_id and v.deleted);
$$;

-- Those of p_user_ids not known to have left the village. A user the replica has no row for yet
-- counts as a member (their membership event may not have arrived); a deleted village has none.
create or replace function notifications.exclude_former_members(p_village_id uuid, p_user_ids uuid[])
returns table (user_id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select distinct u.id
    from unnest(p_user_ids) as u(id)
   where not exists (select 1 from notifications.village_members m
                      where m.village_id = p_village_id and m.user_id = u.id and m.removed)
     and not exists (select 1 from notifications.villages v where v.id = p_village_id and v.deleted);
$$;

-- The members watching a topic of the village (members known to have left are left out).
create or replace function notifications.topic_watchers(p_village_id uuid, p_topic_id uuid)
returns table (user_id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select t.user_id
    from notifications.topic_preferences t
   where t.topic_id = p_topic_id and t.village_id = p_village_id and t.setting = 'watch'
     and not exists (select 1 from notifications.village_members m
                      where m.village_id = t.village_id and m.user_id = t.user_id and m.removed);
$$;

-- Writes one notification of p_kind per user of p_user_ids for the event p_source_event_id (a user
-- who already has it gets no second one), and for each new one, in this transaction, its
-- notification.created event (envelope village null: it belongs to the user) and a push delivery
-- per subscription of the user. p_subject: the ids it points at (camelCase keys, as the contract
-- names them). Returns the notifications made now, with how many pushes each queued.
create or replace function notifications.create_notifications(
  p_source_event_id uuid,
  p_kind text,
  p_village_id uuid,
  p_actor_id uuid,
  p_user_ids uuid[],
  p_subject jsonb,
  p_data jsonb,
  p_occurred_at timestamptz
) returns table (id uuid, user_id uuid, pushes integer)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_row notifications.notifications;
  v_pushes integer;
  v_iso constant text := 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';
begin
  for v_row in
    insert into notifications.notifications as n
      (user_id, village_id, kind, actor_id, source_event_id, invitation_id, conversation_id, message_id,
       broadcast_id, topic_id, post_id, event_id, file_id, webhook_id, data, occurred_at)
    select u.id, p_village_id, p_kind, p_actor_id, p_source_event_id,
           (p_subject ->> 'invitationId')::uuid, (p_subject ->> 'conversationId')::uuid,
           (p_subject ->> 'messageId')::uuid, (p_subject ->> 'broadcastId')::uuid,
           (p_subject ->> 'topicId')::uuid, (p_subject ->> 'postId')::uuid,
           (p_subject ->> 'eventId')::uuid, (p_subject ->> 'fileId')::uuid,
           (p_subject ->> 'webhookId')::uuid,
           coalesce(p_data, '{}'::jsonb), p_occurred_at
      from (select distinct x.id from unnest(p_user_ids) as x(id) order by x.id) as u
    on conflict on constraint notifications_source_key do nothing
    returning n.*
  loop
    perform notifications.emit_event('notifications.notification.created', 1, null, v_row.actor_id,
      jsonb_build_object(
        'notificationId', v_row.id, 'userId', v_row.user_id, 'villageId', v_row.village_id,
        'kind', v_row.kind, 'actorId', v_row.actor_id,
        'subject', jsonb_strip_nulls(jsonb_build_object(
          'invitationId', v_row.invitation_id, 'conversationId', v_row.conversation_id,
          'messageId', v_row.message_id, 'broadcastId', v_row.broadcast_id, 'topicId', v_row.topic_id,
          'postId', v_row.post_id, 'eventId', v_row.event_id, 'fileId', v_row.file_id,
          'webhookId', v_row.webhook_id)),
        'data', v_row.data,
        'occurredAt', to_char(v_row.occurred_at at time zone 'UTC', v_iso),
        'createdAt', to_char(v_row.created_at at time zone 'UTC', v_iso)));
    insert into notifications.push_deliveries (notification_id, subscription_id)
    select v_row.id, s.id from notifications.push_subscriptions s where s.user_id = v_row.user_id;
    get diagnostics v_pushes = row_count;
    id := v_row.id;
    user_id := v_row.user_id;
    pushes := v_pushes;
    return next;
  end loop;
end;
$$;

-- An account was deleted: its notifications, preferences, push subscriptions and answers go.
create or replace function notifications.forget_user(p_user_id uuid)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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

-- A village was deleted: its members' preferences and event answers go (notifications stay, as
-- history).
create or replace function notifications.forget_village(p_village_id uuid)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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
