-- Reactions: one per (post, user, emoji); the post's `reactions` jsonb keeps the counts by emoji,
-- maintained here under the post's row lock. The reads of posts live here too: each returns the
-- counts and the caller's own reactions in the same query.

create table messaging.post_reactions (
  id uuid primary key default messaging.uuid_v7(),
  post_id uuid not null references messaging.posts (id) on delete cascade,
  user_id uuid not null,
  -- One emoji grapheme or a :shortcode:, validated by the contract.
  emoji text not null constraint post_reactions_emoji_check check (char_length(emoji) between 1 and 64),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- One per user per emoji; also the lookup of a page's "my reactions" (post_id, user_id).
  constraint post_reactions_post_user_emoji_key unique (post_id, user_id, emoji)
);

-- The row every post read returns: the post, its counts and the caller's own reactions (the
-- lists inline the same columns, so a page is one plan without a function call per row).
create or replace function messaging.post_view(p_post messaging.posts, p_actor_id uuid)
returns table (
  id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb,
  reply_count integer, last_reply_at timestamptz, last_activity_at timestamptz, reactions jsonb,
  my_reactions text[], edited_at timestamptz, deleted_at timestamptz, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select p_post.id, p_post.topic_id, p_post.village_id, p_post.parent_id, p_post.author_id, p_post.body,
         p_post.data, p_post.reply_count, p_post.last_reply_at, p_post.last_activity_at, p_post.reactions,
         coalesce((select array_agg(r.emoji order by r.emoji)
                     from messaging.post_reactions r
                    where r.post_id = p_post.id and r.user_id = p_actor_id), '{}'),
         p_post.edited_at, p_post.deleted_at, p_post.created_at, p_post.updated_at,
         to_char(p_post.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
$$;

-- One post as p_actor_id sees it; no row when there is none.
create or replace function messaging.get_post(p_post_id uuid, p_actor_id uuid)
returns table (
  id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb,
  reply_count integer, last_reply_at timestamptz, last_activity_at timestamptz, reactions jsonb,
  my_reactions text[], edited_at timestamptz, deleted_at timestamptz, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select v.* from messaging.posts p cross join lateral messaging.post_view(p, p_actor_id) v where p.id = p_post_id;
$$;

-- One page of a topic's threads (top-level posts, tombstones included), newest activity first.
--
-- A walk of pages lists the topic as it stood at its first page (p_as_of; now() on the first
-- page, carried by the cursor): threads started later are left for the next walk, and a thread
-- bumped by a reply during the walk keeps the place it had then (its latest reply up to p_as_of),
-- so every thread that existed at the start is listed exactly once. The first branch reads
-- posts_topic_activity_idx from the (position, id) cursor; the second only the threads with
-- activity since p_as_of (bounded by the walk's concurrent activity), each placed by one
-- backward step on posts_parent_created_at_id_idx.
create or replace function messaging.list_posts(
  p_topic_id uuid,
  p_actor_id uuid,
  p_limit integer,
  p_as_of timestamptz default null,
  p_before_position timestamptz default null,
  p_before_id uuid default null
) returns table (
  id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb,
  reply_count integer, last_reply_at timestamptz, last_activity_at timestamptz, reactions jsonb,
  my_reactions text[], edited_at timestamptz, deleted_at timestamptz, created_at timestamptz,
  updated_at timestamptz, sort_key text, as_of text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
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
$$;

-- One page of a thread's replies, oldest first, after the (created_at, id) cursor when given.
create or replace function messaging.list_replies(
  p_parent_id uuid,
  p_actor_id uuid,
  p_limit integer,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null
) returns table (
  id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb,
  reply_count integer, last_reply_at timestamptz, last_activity_at timestamptz, reactions jsonb,
  my_reactions text[], edited_at timestamptz, deleted_at timestamptz, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
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
$$;

-- Changes a post's body and/or data (null leaves a field alone) with post.edited naming the
-- fields; edited_at marks a changed body. `conflict` on a tombstone; no row without the post.
create or replace function messaging.update_post(
  p_post_id uuid,
  p_actor_id uuid,
  p_body text default null,
  p_data jsonb default null
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

-- The caller's reaction (idempotent: a second one changes nothing) with reaction.added when new;
-- the post's counts move under its row lock. At most p_max_emojis different emojis per post
-- (`invalid`); `conflict` on a tombstone; no row without the post.
create or replace function messaging.add_reaction(
  p_post_id uuid,
  p_actor_id uuid,
  p_emoji text,
  p_max_emojis integer
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

-- Removes the caller's reaction (idempotent) with reaction.removed when there was one; no row
-- without the post.
create or replace function messaging.remove_reaction(p_post_id uuid, p_actor_id uuid, p_emoji text)
returns table (
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
