-- A page of a topic's threads with, in the same statement, the topic's village and the membership
-- replica's facts for (that village, the caller) — what libs/access decides on — so the common read
-- is one round trip. SQL only gathers the facts; the service decides and drops the page when it
-- refuses. No row when there is no topic; one row with null post columns when the page is empty.
create or replace function messaging.list_posts_with_membership(
  p_topic_id uuid,
  p_actor_id uuid,
  p_limit integer,
  p_as_of timestamptz default null,
  p_before_position timestamptz default null,
  p_before_id uuid default null
) returns table (
  topic_village_id uuid, replica_village_known boolean, replica_visibility text, replica_village_deleted boolean,
  replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer,
  id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb,
  reply_count integer, last_reply_at timestamptz, last_activity_at timestamptz, reactions jsonb,
  my_reactions text[], edited_at timestamptz, deleted_at timestamptz, created_at timestamptz,
  updated_at timestamptz, sort_key text, as_of text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
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
$$;
