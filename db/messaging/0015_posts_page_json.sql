-- A page of a topic's threads as the API's JSON, built by PostgreSQL, with the topic's village and
-- the membership replica's facts for (that village, the caller): one statement, and messaging sends
-- the page on without parsing a row (docs/performance.md, "Pages as JSON"). The items are the
-- `Post` objects of libs/contracts (camelCase; timestamps as Date.toISOString() prints them:
-- milliseconds, UTC, `Z`); `has_more` and the last item's keyset make the cursor. The rows are
-- list_posts' (limit + 1 of them, to know whether there is a next page), so the order, the keyset
-- and the walk's instant are the same as the row-wise read. No row when there is no topic.
create or replace function messaging.list_posts_page_json(
  p_topic_id uuid,
  p_actor_id uuid,
  p_limit integer,
  p_as_of timestamptz default null,
  p_before_position timestamptz default null,
  p_before_id uuid default null
) returns table (
  topic_village_id uuid, replica_village_known boolean, replica_visibility text, replica_village_deleted boolean,
  replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer,
  items text, has_more boolean, last_as_of text, last_sort_key text, last_id uuid
)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
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
