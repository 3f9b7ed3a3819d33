-- The other hot reads of topics and posts, each with the membership replica's facts for (its
-- village, the caller) in the same statement, as list_posts_with_membership (0010): one round trip;
-- libs/access decides, and the service drops the data when it refuses.

-- One topic with the facts; no row when there is none.
create or replace function messaging.get_topic_with_membership(p_topic_id uuid, p_actor_id uuid)
returns table (
  replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer,
  replica_member_known boolean, replica_role text, replica_member_revision integer,
  id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid,
  pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select m.village_known, m.visibility, m.village_deleted, m.village_revision, m.member_known, m.role,
         m.member_revision, r.*
    from messaging.topics t
   cross join lateral messaging.topic_result(t) r
   cross join lateral messaging.get_membership(t.village_id, p_actor_id) m
   where t.id = p_topic_id;
$$;

-- A page of a village's topics (as list_topics) with the facts: always a row, one with null topic
-- columns when the page is empty.
create or replace function messaging.list_topics_with_membership(
  p_village_id uuid,
  p_actor_id uuid,
  p_limit integer,
  p_archived boolean default false,
  p_before_pinned boolean default null,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null
) returns table (
  replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer,
  replica_member_known boolean, replica_role text, replica_member_revision integer,
  id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid,
  pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select m.village_known, m.visibility, m.village_deleted, m.village_revision, m.member_known, m.role,
         m.member_revision, l.id, l.village_id, l.fixed_key, l.title, l.description, l.created_by,
         l.pinned, l.locked, l.archived, l.data, l.created_at, l.updated_at, l.sort_key
    from messaging.get_membership(p_village_id, p_actor_id) m
    left join lateral messaging.list_topics(p_village_id, p_limit, p_archived, p_before_pinned,
                                            p_before_created_at, p_before_id) with ordinality l on true
   order by l.ordinality;
$$;

-- A page of a thread's replies (as list_replies) with the parent's topic and village and the facts:
-- no row when there is no such parent post, one with null reply columns when the page is empty.
create or replace function messaging.list_replies_with_membership(
  p_parent_id uuid,
  p_actor_id uuid,
  p_limit integer,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null
) returns table (
  parent_topic_id uuid, parent_village_id uuid,
  replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer,
  replica_member_known boolean, replica_role text, replica_member_revision integer,
  id uuid, topic_id uuid, village_id uuid, parent_id uuid, author_id uuid, body text, data jsonb,
  reply_count integer, last_reply_at timestamptz, last_activity_at timestamptz, reactions jsonb,
  my_reactions text[], edited_at timestamptz, deleted_at timestamptz, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
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
$$;
