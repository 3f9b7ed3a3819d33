-- Direct conversations between two or more villagers of one village, their messages (soft-deleted
-- into tombstones) and a per-member read cursor with an unread counter.
--
-- Unread counts cost O(members) per send, never O(history) per read: each membership row keeps
-- `unread_count`, incremented for every other member when a message is sent (a conversation has at
-- most 50 members) and recomputed when the member's read cursor moves, by counting the messages
-- after the new cursor along the (conversation_id, created_at, id) index, stopping at a cap given
-- by TypeScript (`p_unread_cap`). Invariant: below the cap the counter is exact; at or above the
-- cap it means "cap or more" (clients show "99+").
--
-- Ordering: a send locks its conversation row first and then stamps the message with
-- clock_timestamp(), so within a conversation `created_at` follows commit order — a page walked
-- newest-first skips nothing, and a read cursor never jumps over a message that commits later.

create table messaging.conversations (
  id uuid primary key default messaging.uuid_v7(),
  -- Identity's village id. No foreign key: the access replica may learn a village after this row.
  village_id uuid not null,
  title text constraint conversations_title_check check (char_length(title) between 1 and 200),
  created_by uuid not null,
  -- A two-member conversation is the pair's one direct conversation in the village: the pair's ids,
  -- sorted (direct_low < direct_high); null for a group of three or more.
  direct_low uuid,
  direct_high uuid,
  member_count integer not null constraint conversations_member_count_check check (member_count between 2 and 50),
  last_message_id uuid,
  -- Latest activity: the last message's time, or the creation time.
  last_message_at timestamptz not null default now(),
  data jsonb not null default '{}'
    constraint conversations_data_object check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 65536),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversations_direct_pair_check check (
    (direct_low is null and direct_high is null)
    or (direct_low is not null and direct_high is not null and direct_low < direct_high and member_count = 2))
);

-- One direct conversation per pair and village (race-safe idempotent create).
create unique index conversations_village_direct_pair_key
  on messaging.conversations (village_id, direct_low, direct_high)
  where direct_low is not null;

create table messaging.conversation_members (
  conversation_id uuid not null references messaging.conversations (id) on delete cascade,
  user_id uuid not null,
  -- Copies of the conversation's village and latest activity, so "my conversations in a village by
  -- latest activity" is one index range (conversation_members_user_activity_idx).
  village_id uuid not null,
  last_message_at timestamptz not null,
  -- The read cursor: the last message read (monotonic; shared by every device of the member).
  read_up_to_id uuid,
  read_up_to_at timestamptz,
  -- Messages of others after the read cursor; exact below the cap, "cap or more" at or above it.
  unread_count integer not null default 0 constraint conversation_members_unread_count_check check (unread_count >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversation_members_pkey primary key (conversation_id, user_id),
  constraint conversation_members_read_cursor_check check ((read_up_to_id is null) = (read_up_to_at is null))
);

-- A member's conversations in a village, newest activity first; keyset on (last_message_at, conversation_id).
create index conversation_members_user_activity_idx
  on messaging.conversation_members (user_id, village_id, last_message_at desc, conversation_id desc);

create table messaging.messages (
  id uuid primary key default messaging.uuid_v7(),
  conversation_id uuid not null references messaging.conversations (id) on delete cascade,
  -- The conversation's village (denormalised for search and events).
  village_id uuid not null,
  author_id uuid not null,
  -- Cleared when the message is deleted (a tombstone stays in the list).
  body text not null constraint messages_body_check check (octet_length(body) <= 16384),
  -- File ids (apps/files); validated against ready files once the files service exists.
  attachments uuid[] not null default '{}'
    constraint messages_attachments_check check (cardinality(attachments) <= 10),
  data jsonb not null default '{}'
    constraint messages_data_object check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 65536),
  edited_at timestamptz,
  deleted_at timestamptz,
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default clock_timestamp(),
  constraint messages_body_present_check check (deleted_at is not null or char_length(body) >= 1),
  constraint messages_tombstone_check check (
    deleted_at is null or (body = '' and cardinality(attachments) = 0 and data = '{}'::jsonb))
);

-- A conversation's messages, newest first; keyset on (created_at, id). Also bounds unread counting.
create index messages_conversation_created_at_id_idx on messaging.messages (conversation_id, created_at, id);

-- The row every conversation function returns: the conversation as `p_user_id` sees it.
create or replace function messaging.conversation_result(
  p_conversation messaging.conversations, p_member messaging.conversation_members
) returns table (
  id uuid, village_id uuid, title text, created_by uuid, member_ids uuid[], last_message_id uuid,
  last_message_at timestamptz, read_up_to_id uuid, unread_count integer, data jsonb,
  created_at timestamptz, updated_at timestamptz, activity_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
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
$$;

-- The row every message function returns.
create or replace function messaging.message_result(p_message messaging.messages)
returns table (
  id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb,
  edited_at timestamptz, deleted_at timestamptz, created_at timestamptz, updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select p_message.id, p_message.conversation_id, p_message.village_id, p_message.author_id, p_message.body,
         p_message.attachments, p_message.data, p_message.edited_at, p_message.deleted_at,
         p_message.created_at, p_message.updated_at,
         to_char(p_message.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
$$;

-- The members of a conversation other than p_user_id who may still be told about it: every
-- participant except those the membership replica knows have left the village.
create or replace function messaging.conversation_recipients(p_conversation_id uuid, p_user_id uuid)
returns uuid[]
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(array_agg(cm.user_id order by cm.created_at, cm.user_id), '{}')
    from messaging.conversation_members cm
   where cm.conversation_id = p_conversation_id
     and cm.user_id <> p_user_id
     and not exists (select 1 from messaging.village_members vm
                      where vm.village_id = cm.village_id and vm.user_id = cm.user_id and vm.removed);
$$;

-- A conversation between p_actor_id and p_member_ids (duplicates and the actor ignored), with
-- conversation.created. Two people make a direct conversation, one per pair and village: when it
-- exists (or a concurrent create wins the race) that one is returned with `created` false.
create or replace function messaging.create_conversation(
  p_village_id uuid,
  p_actor_id uuid,
  p_member_ids uuid[],
  p_title text default null,
  p_data jsonb default '{}'
) returns table (
  id uuid, village_id uuid, title text, created_by uuid, member_ids uuid[], last_message_id uuid,
  last_message_at timestamptz, read_up_to_id uuid, unread_count integer, data jsonb,
  created_at timestamptz, updated_at timestamptz, activity_key text, created boolean
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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

-- One page of p_user_id's conversations in a village, newest activity first, before the
-- (last_message_at, id) cursor when given.
create or replace function messaging.list_conversations(
  p_village_id uuid,
  p_user_id uuid,
  p_limit integer,
  p_before_last_message_at timestamptz default null,
  p_before_id uuid default null
) returns table (
  id uuid, village_id uuid, title text, created_by uuid, member_ids uuid[], last_message_id uuid,
  last_message_at timestamptz, read_up_to_id uuid, unread_count integer, data jsonb,
  created_at timestamptz, updated_at timestamptz, activity_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
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
$$;

-- The village of a conversation p_user_id takes part in; no row when there is no such
-- conversation or the user is not one of its members.
create or replace function messaging.get_conversation_access(p_conversation_id uuid, p_user_id uuid)
returns table (conversation_id uuid, village_id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select m.conversation_id, m.village_id
    from messaging.conversation_members m
   where m.conversation_id = p_conversation_id and m.user_id = p_user_id;
$$;

-- A message and its conversation's village, when p_user_id takes part in that conversation.
create or replace function messaging.get_message_access(p_message_id uuid, p_user_id uuid)
returns table (message_id uuid, conversation_id uuid, village_id uuid, author_id uuid, deleted boolean)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select x.id, x.conversation_id, x.village_id, x.author_id, x.deleted_at is not null
    from messaging.messages x
    join messaging.conversation_members m on m.conversation_id = x.conversation_id and m.user_id = p_user_id
   where x.id = p_message_id;
$$;

-- Sends a message with message.sent. Locks the conversation first, so messages of a conversation
-- are stamped in commit order; moves the activity of every member, counts it unread for the
-- others, and moves the author's read cursor to it (writing implies having read). No row when
-- p_author_id is not a member.
create or replace function messaging.send_message(
  p_conversation_id uuid,
  p_author_id uuid,
  p_body text,
  p_attachments uuid[] default '{}',
  p_data jsonb default '{}'
) returns table (
  id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb,
  edited_at timestamptz, deleted_at timestamptz, created_at timestamptz, updated_at timestamptz, sort_key text
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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

-- One page of a conversation's messages (tombstones included), newest first, before the
-- (created_at, id) cursor when given.
create or replace function messaging.list_messages(
  p_conversation_id uuid,
  p_limit integer,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null
) returns table (
  id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb,
  edited_at timestamptz, deleted_at timestamptz, created_at timestamptz, updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.*
    from messaging.messages x
   cross join lateral messaging.message_result(x) r
   where x.conversation_id = p_conversation_id
     and (p_before_created_at is null or (x.created_at, x.id) < (p_before_created_at, p_before_id))
   order by x.created_at desc, x.id desc
   limit p_limit;
$$;

-- Changes a message's body and/or data (a null argument leaves it alone) with message.edited when
-- something changed; `edited_at` marks the change. No row when there is no such message; a
-- deleted message cannot be edited (conflict).
create or replace function messaging.edit_message(
  p_message_id uuid,
  p_actor_id uuid,
  p_body text default null,
  p_data jsonb default null
) returns table (
  id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb,
  edited_at timestamptz, deleted_at timestamptz, created_at timestamptz, updated_at timestamptz, sort_key text
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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

-- Soft-deletes a message into a tombstone (body, attachments and data cleared, `deleted_at` set)
-- with message.deleted; it stays in the list and still counts as unread until read. Deleting a
-- tombstone again changes nothing. No row when there is no such message.
create or replace function messaging.delete_message(p_message_id uuid, p_actor_id uuid)
returns table (
  id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb,
  edited_at timestamptz, deleted_at timestamptz, created_at timestamptz, updated_at timestamptz, sort_key text
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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

-- Moves p_user_id's read cursor of a conversation forward to p_message_id (never back: an older
-- message leaves it where it is) and recounts their unread messages after it, counting along the
-- index and stopping at p_unread_cap. The conversation is share-locked so no send commits between
-- the recount and the cursor move. No row when the user is not a member; `invalid` when the message
-- is not in the conversation.
create or replace function messaging.mark_conversation_read(
  p_conversation_id uuid,
  p_user_id uuid,
  p_message_id uuid,
  p_unread_cap integer
) returns table (conversation_id uuid, read_up_to_id uuid, unread_count integer)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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
