-- list_posts always runs its generic plan, as it did as a SQL function. As plpgsql (0014) its plan
-- cache compared the generic plan's estimate — ~650,000 cost units at 10^6 posts, since the topic is
-- unknown — with a custom plan's few hundred and so planned the page again at every call (the scale
-- bench's p50 rose with the table). The generic plan reads posts_topic_activity_idx from the
-- cursor whatever the topic's size: apps/messaging/test/posts-index.int-spec.ts checks exactly
-- that plan (forced generic) on 100,000 posts.
alter function messaging.list_posts(uuid, uuid, integer, timestamptz, timestamptz, uuid)
  set plan_cache_mode = force_generic_plan;
