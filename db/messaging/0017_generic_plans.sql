-- The set-returning functions rewritten in plpgsql by 0014 run their generic plan, as they did as
-- SQL functions (planned without the arguments' values, at every call). Left to choose, plpgsql's
-- plan cache keeps planning anew while the generic plan's estimate looks dearer than the custom
-- plans' — as it does for a keyset page, whose generic estimate cannot use the limit:
-- messaging.list_posts planned every page again (db/messaging/0016). The plans are the ones these
-- functions always had; now each is made once per session.

alter function messaging.broadcast_result(p_broadcast messaging.broadcasts) set plan_cache_mode = force_generic_plan;
alter function messaging.conversation_result(p_conversation messaging.conversations, p_member messaging.conversation_members) set plan_cache_mode = force_generic_plan;
alter function messaging.count_unread_broadcasts(p_village_id uuid, p_user_id uuid, p_unread_cap integer) set plan_cache_mode = force_generic_plan;
alter function messaging.find_village_topic_ids(p_village_id uuid, p_topic_ids uuid[]) set plan_cache_mode = force_generic_plan;
alter function messaging.get_conversation_access(p_conversation_id uuid, p_user_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.get_message_access(p_message_id uuid, p_user_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.get_post(p_post_id uuid, p_actor_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.get_topic(p_topic_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.get_topic_with_membership(p_topic_id uuid, p_actor_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.list_broadcasts(p_village_id uuid, p_limit integer, p_before_created_at timestamp with time zone, p_before_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.list_conversations(p_village_id uuid, p_user_id uuid, p_limit integer, p_before_last_message_at timestamp with time zone, p_before_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.list_messages(p_conversation_id uuid, p_limit integer, p_before_created_at timestamp with time zone, p_before_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.list_messages_with_membership(p_conversation_id uuid, p_user_id uuid, p_limit integer, p_before_created_at timestamp with time zone, p_before_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.list_my_reactions(p_actor_id uuid, p_post_ids uuid[]) set plan_cache_mode = force_generic_plan;
alter function messaging.list_posts_with_membership(p_topic_id uuid, p_actor_id uuid, p_limit integer, p_as_of timestamp with time zone, p_before_position timestamp with time zone, p_before_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.list_replies(p_parent_id uuid, p_actor_id uuid, p_limit integer, p_after_created_at timestamp with time zone, p_after_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.list_replies_with_membership(p_parent_id uuid, p_actor_id uuid, p_limit integer, p_after_created_at timestamp with time zone, p_after_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.list_topics(p_village_id uuid, p_limit integer, p_archived boolean, p_before_pinned boolean, p_before_created_at timestamp with time zone, p_before_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.list_topics_with_membership(p_village_id uuid, p_actor_id uuid, p_limit integer, p_archived boolean, p_before_pinned boolean, p_before_created_at timestamp with time zone, p_before_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.message_result(p_message messaging.messages) set plan_cache_mode = force_generic_plan;
alter function messaging.post_view(p_post messaging.posts, p_actor_id uuid) set plan_cache_mode = force_generic_plan;
alter function messaging.snapshot_attachments(p_after uuid, p_limit integer) set plan_cache_mode = force_generic_plan;
alter function messaging.topic_result(p_topic messaging.topics) set plan_cache_mode = force_generic_plan;
