-- In-app notifications: one row per (user, source event, kind), derived from other services'
-- events by notifications' consumers. The unique key makes a redelivered or re-published event a
-- no-op even beside the inbox. Rows are written with their notification.created event and their
-- push deliveries by notifications.create_notifications (0005), in the consumer's transaction.

create table notifications.notifications (
  id uuid primary key default notifications.uuid_v7(),
  -- The user it is for (identity's id; no foreign key: users live in identity).
  user_id uuid not null,
  village_id uuid,
  kind text not null constraint notifications_kind_check check (kind in (
    'invited', 'added_to_village', 'direct_message', 'broadcast', 'reply', 'reaction', 'topic_post',
    'event_changed', 'event_cancelled', 'file_shared', 'webhook_disabled')),
  -- Who caused it; null when nobody did.
  actor_id uuid,
  -- The event it was derived from.
  source_event_id uuid not null,
  -- What it points at (the ids of its kind; the others are null).
  invitation_id uuid,
  conversation_id uuid,
  message_id uuid,
  broadcast_id uuid,
  topic_id uuid,
  post_id uuid,
  event_id uuid,
  file_id uuid,
  webhook_id uuid,
  -- What a client shows without another call (titles, snippets, emoji); small.
  data jsonb not null default '{}'
    constraint notifications_data_object check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 4096),
  -- When the event happened.
  occurred_at timestamptz not null,
  read_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint notifications_source_key unique (user_id, source_event_id, kind)
);

-- A user's list, newest first (keyset on created_at, id).
create index notifications_user_created_at_id_idx on notifications.notifications (user_id, created_at, id);
-- The unread filter and the unread count: only unread rows are indexed.
create index notifications_user_unread_idx on notifications.notifications (user_id, created_at, id)
  where read_at is null;

-- The columns every notification function returns (sort_key: created_at as text, the cursor).
create or replace function notifications.list_notifications(
  p_user_id uuid,
  p_unread_only boolean,
  p_limit integer,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null
) returns table (
  id uuid, kind text, village_id uuid, actor_id uuid, invitation_id uuid, conversation_id uuid,
  message_id uuid, broadcast_id uuid, topic_id uuid, post_id uuid, event_id uuid, file_id uuid,
  webhook_id uuid, data jsonb, occurred_at timestamptz, read_at timestamptz, created_at timestamptz,
  sort_key text
)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
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

-- The user's unread notifications (an index-only count of the partial index).
create or replace function notifications.count_unread_notifications(p_user_id uuid)
returns integer
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select count(*)::integer from notifications.notifications n where n.user_id = p_user_id and n.read_at is null;
$$;

-- Marks the user's notifications among p_ids read (other ids are ignored); the unread count after.
create or replace function notifications.mark_notifications_read(p_user_id uuid, p_ids uuid[])
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  update notifications.notifications n set read_at = now(), updated_at = now()
   where n.user_id = p_user_id and n.id = any(p_ids) and n.read_at is null;
  return notifications.count_unread_notifications(p_user_id);
end;
$$;

-- Marks every notification of the user read; the unread count after (0).
create or replace function notifications.mark_all_notifications_read(p_user_id uuid)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  update notifications.notifications n set read_at = now(), updated_at = now()
   where n.user_id = p_user_id and n.read_at is null;
  return notifications.count_unread_notifications(p_user_id);
end;
$$;

-- Marks p_up_to and every older notification of the user (in list order) read; the unread count
-- after. not_found when p_up_to is not one of the user's notifications.
create or replace function notifications.mark_notifications_read_up_to(p_user_id uuid, p_up_to uuid)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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
