-- Every messaging function in plpgsql (it was `language sql`). A SQL function with `set search_path`
-- (db/CONVENTIONS.md) is never inlined, and PostgreSQL before 18 parses and plans its body again at
-- every call: ~80-100 µs per call here, paid by every statement that calls it (get_membership, uuid_v7
-- ...). plpgsql keeps its plans for the session. Bodies and results are unchanged: a set-returning
-- function returns its query, a scalar one the first row of its select (null when none), as before.

create or replace function messaging.advance_broadcast_cursor(p_village_id uuid, p_user_id uuid, p_broadcast_id uuid, p_at timestamp with time zone)
 returns void
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  insert into messaging.broadcast_reads as r (village_id, user_id, read_up_to_id, read_up_to_at)
  values (p_village_id, p_user_id, p_broadcast_id, p_at)
  on conflict (village_id, user_id) do update
     set read_up_to_id = excluded.read_up_to_id, read_up_to_at = excluded.read_up_to_at, updated_at = now()
   where (excluded.read_up_to_at, excluded.read_up_to_id) > (r.read_up_to_at, r.read_up_to_id);
end;
$function$;

create or replace function messaging.broadcast_result(p_broadcast messaging.broadcasts)
 returns table (id uuid, village_id uuid, author_id uuid, body text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select p_broadcast.id, p_broadcast.village_id, p_broadcast.author_id, p_broadcast.body, p_broadcast.data,
  p_broadcast.created_at, p_broadcast.updated_at,
  -- Microsecond precision, so a cursor built from it skips and repeats nothing.
  to_char(p_broadcast.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
end;
$function$;

create or replace function messaging.conversation_recipients(p_conversation_id uuid, p_user_id uuid)
 returns uuid[]
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.conversation_result(p_conversation messaging.conversations, p_member messaging.conversation_members)
 returns table (id uuid, village_id uuid, title text, created_by uuid, member_ids uuid[], last_message_id uuid, last_message_at timestamp with time zone, read_up_to_id uuid, unread_count integer, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, activity_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.count_unread_broadcasts(p_village_id uuid, p_user_id uuid, p_unread_cap integer)
 returns table (read_up_to_id uuid, unread_count integer)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.find_village_topic_ids(p_village_id uuid, p_topic_ids uuid[])
 returns table (id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select t.id from messaging.topics t where t.id = any(p_topic_ids) and t.village_id = p_village_id;
end;
$function$;

create or replace function messaging.get_conversation_access(p_conversation_id uuid, p_user_id uuid)
 returns table (conversation_id uuid, village_id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select m.conversation_id, m.village_id
   from messaging.conversation_members m
  where m.conversation_id = p_conversation_id and m.user_id = p_user_id;
end;
$function$;

create or replace function messaging.get_message_access(p_message_id uuid, p_user_id uuid)
 returns table (message_id uuid, conversation_id uuid, village_id uuid, author_id uuid, deleted boolean)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select x.id, x.conversation_id, x.village_id, x.author_id, x.deleted_at is not null
   from messaging.messages x
   join messaging.conversation_members m on m.conversation_id = x.conversation_id and m.user_id = p_user_id
  where x.id = p_message_id;
end;
$function$;

create or replace function messaging.get_post(p_post_id uuid, p_actor_id uuid)
 returns table (id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select v.* from messaging.posts p cross join lateral messaging.post_view(p, p_actor_id) v where p.id = p_post_id;
end;
$function$;

create or replace function messaging.get_topic(p_topic_id uuid)
 returns table (id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid, pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select r.* from messaging.topics t cross join lateral messaging.topic_result(t) r where t.id = p_topic_id;
end;
$function$;

create or replace function messaging.get_topic_with_membership(p_topic_id uuid, p_actor_id uuid)
 returns table (replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid, pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.list_broadcasts(p_village_id uuid, p_limit integer, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (id uuid, village_id uuid, author_id uuid, body text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.list_conversations(p_village_id uuid, p_user_id uuid, p_limit integer, p_before_last_message_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (id uuid, village_id uuid, title text, created_by uuid, member_ids uuid[], last_message_id uuid, last_message_at timestamp with time zone, read_up_to_id uuid, unread_count integer, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, activity_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.list_messages(p_conversation_id uuid, p_limit integer, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb, edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.list_messages_with_membership(p_conversation_id uuid, p_user_id uuid, p_limit integer, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (conversation_village_id uuid, replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb, edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.list_my_reactions(p_actor_id uuid, p_post_ids uuid[])
 returns table (post_id uuid, emojis text[])
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select r.post_id, array_agg(r.emoji order by r.emoji)
   from messaging.post_reactions r
  where r.post_id = any (p_post_ids) and r.user_id = p_actor_id
  group by r.post_id;
end;
$function$;

create or replace function messaging.list_posts(p_topic_id uuid, p_actor_id uuid, p_limit integer, p_as_of timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_position timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text, as_of text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.list_posts_with_membership(p_topic_id uuid, p_actor_id uuid, p_limit integer, p_as_of timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_position timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (topic_village_id uuid, replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text, as_of text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.list_replies(p_parent_id uuid, p_actor_id uuid, p_limit integer, p_after_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_after_id uuid DEFAULT NULL::uuid)
 returns table (id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.list_replies_with_membership(p_parent_id uuid, p_actor_id uuid, p_limit integer, p_after_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_after_id uuid DEFAULT NULL::uuid)
 returns table (parent_topic_id uuid, parent_village_id uuid, replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.list_topics(p_village_id uuid, p_limit integer, p_archived boolean DEFAULT false, p_before_pinned boolean DEFAULT NULL::boolean, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid, pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.list_topics_with_membership(p_village_id uuid, p_actor_id uuid, p_limit integer, p_archived boolean DEFAULT false, p_before_pinned boolean DEFAULT NULL::boolean, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid, pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.message_result(p_message messaging.messages)
 returns table (id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb, edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select p_message.id, p_message.conversation_id, p_message.village_id, p_message.author_id, p_message.body,
  p_message.attachments, p_message.data, p_message.edited_at, p_message.deleted_at,
  p_message.created_at, p_message.updated_at,
  to_char(p_message.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
end;
$function$;

create or replace function messaging.post_event_fields(p_post messaging.posts)
 returns jsonb
 language plpgsql
 immutable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return jsonb_build_object('postId', p_post.id, 'topicId', p_post.topic_id, 'villageId', p_post.village_id,
  'parentId', p_post.parent_id, 'authorId', p_post.author_id);
end;
$function$;

create or replace function messaging.post_view(p_post messaging.posts, p_actor_id uuid)
 returns table (id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb, reply_count integer, last_reply_at timestamp with time zone, last_activity_at timestamp with time zone, reactions jsonb, my_reactions text[], edited_at timestamp with time zone, deleted_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function messaging.search_language()
 returns regconfig
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result regconfig;
begin
  select s.language from messaging.search_settings s
    into v_result;
  return v_result;
end;
$function$;

create or replace function messaging.search_language_lock_key()
 returns bigint
 language plpgsql
 immutable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return hashtextextended('messaging.search_language', 0);
end;
$function$;

create or replace function messaging.snapshot_attachments(p_after uuid, p_limit integer)
 returns table (message_id uuid, author_id uuid, recipient_ids uuid[], attachments uuid[])
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select x.id, x.author_id, messaging.conversation_recipients(x.conversation_id, x.author_id), x.attachments
   from messaging.messages x
  where x.deleted_at is null and cardinality(x.attachments) > 0 and (p_after is null or x.id > p_after)
  order by x.id
  limit p_limit;
end;
$function$;

create or replace function messaging.topic_event_fields(p_topic messaging.topics)
 returns jsonb
 language plpgsql
 immutable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return jsonb_build_object('topicId', p_topic.id, 'villageId', p_topic.village_id,
  'fixedKey', p_topic.fixed_key, 'title', p_topic.title,
  'description', p_topic.description, 'createdBy', p_topic.created_by,
  'pinned', p_topic.pinned, 'locked', p_topic.locked,
  'archived', p_topic.archived, 'data', p_topic.data);
end;
$function$;

create or replace function messaging.topic_result(p_topic messaging.topics)
 returns table (id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid, pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select p_topic.id, p_topic.village_id, p_topic.fixed_key, p_topic.title, p_topic.description,
  p_topic.created_by, p_topic.pinned, p_topic.locked, p_topic.archived, p_topic.data,
  p_topic.created_at, p_topic.updated_at,
  -- Microsecond precision, so a cursor built from it skips and repeats nothing.
  to_char(p_topic.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
end;
$function$;
