-- The caller's own reactions on a page of posts, for a page served from the read cache (which
-- holds the page without them): one probe of post_reactions_post_user_emoji_key per post.

create or replace function messaging.list_my_reactions(p_actor_id uuid, p_post_ids uuid[])
returns table (post_id uuid, emojis text[])
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.post_id, array_agg(r.emoji order by r.emoji)
    from messaging.post_reactions r
   where r.post_id = any (p_post_ids) and r.user_id = p_actor_id
   group by r.post_id;
$$;
