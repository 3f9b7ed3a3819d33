-- Posts of a topic, with one level of threading: a top-level post (parent_id null) starts a thread,
-- a reply (parent_id = the top-level post) belongs to it. The top-level row keeps its thread's
-- reply_count, last_reply_at and last_activity_at (= greatest(created_at, last_reply_at)), kept by
-- the insert/delete functions, so lists never count at read time.

create table messaging.posts (
  id uuid primary key default messaging.uuid_v7(),
  topic_id uuid not null references messaging.topics (id) on delete cascade,
  -- The topic's village, copied so village-wide reads (search) need no join.
  village_id uuid not null,
  -- The thread's top-level post; null for a top-level post. A reply dies with its thread.
  parent_id uuid references messaging.posts (id) on delete cascade,
  author_id uuid not null,
  -- Up to 16 KiB of UTF-8; cleared ('') when the post is a tombstone.
  body text not null constraint posts_body_check check (octet_length(body) <= 16384),
  data jsonb not null default '{}'
    constraint posts_data_object check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 65536),
  reply_count integer not null default 0 constraint posts_reply_count_check check (reply_count >= 0),
  last_reply_at timestamptz,
  last_activity_at timestamptz not null default now(),
  -- Reaction counts by emoji ({"👍": 3}), kept by the reaction functions (0005).
  reactions jsonb not null default '{}' constraint posts_reactions_object check (jsonb_typeof(reactions) = 'object'),
  edited_at timestamptz,
  -- Set on a deleted post kept as a tombstone (it still has replies).
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint posts_body_present_check check (deleted_at is not null or char_length(body) >= 1),
  constraint posts_reply_shape_check check (parent_id is null or (reply_count = 0 and last_reply_at is null))
);

-- A topic's threads, newest activity first; keyset on (last_activity_at, id).
create index posts_topic_activity_idx
  on messaging.posts (topic_id, last_activity_at desc, id desc) where parent_id is null;
-- A thread's replies, oldest first; keyset on (created_at, id).
create index posts_parent_created_at_id_idx
  on messaging.posts (parent_id, created_at, id) where parent_id is not null;

-- The payload fields every post event carries.
create or replace function messaging.post_event_fields(p_post messaging.posts)
returns jsonb
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object('postId', p_post.id, 'topicId', p_post.topic_id, 'villageId', p_post.village_id,
                            'parentId', p_post.parent_id, 'authorId', p_post.author_id);
$$;

-- A new post with post.created: a top-level post (p_parent_id null) or a reply to a top-level
-- post of the same topic (a reply to a reply is `invalid`: one level of threading). A reply
-- bumps its thread's reply_count, last_reply_at and last_activity_at under the thread's row
-- lock. The topic must take posts: archived never, locked only with p_allow_locked (the caller
-- decides who may post in a locked topic) — `conflict` otherwise. `not_found` without the topic.
create or replace function messaging.create_post(
  p_topic_id uuid,
  p_actor_id uuid,
  p_body text,
  p_parent_id uuid default null,
  p_data jsonb default '{}',
  p_allow_locked boolean default false
) returns table (
  id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb,
  reply_count integer, last_reply_at timestamptz, last_activity_at timestamptz, reactions jsonb,
  my_reactions text[], edited_at timestamptz, deleted_at timestamptz, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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

-- Deletes a post with post.deleted. A top-level post with replies stays as a tombstone (body and
-- data cleared, deleted_at set, still listed so its thread stays readable); any other post goes
-- (its reactions with it). A reply's deletion updates its thread's reply_count, last_reply_at and
-- last_activity_at; a tombstone whose last reply goes, goes too. Locks the thread before the
-- reply, as create_post does. No row when there is no such post (or it is already a tombstone).
create or replace function messaging.delete_post(p_post_id uuid, p_actor_id uuid)
returns table (post_id uuid, topic_id uuid, village_id uuid, tombstone boolean)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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
