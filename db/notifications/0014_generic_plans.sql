-- The set-returning functions rewritten in plpgsql by 0013 run their generic plan, as they did as
-- SQL functions (planned without the arguments' values, at every call). Left to choose, plpgsql's
-- plan cache keeps planning anew while the generic plan's estimate looks dearer than the custom
-- plans' — as it does for a keyset page, whose generic estimate cannot use the limit:
-- messaging.list_posts planned every page again (db/messaging/0016). The plans are the ones these
-- functions always had; now each is made once per session.

alter function notifications.claim_mail(p_limit integer, p_lease_ms integer) set plan_cache_mode = force_generic_plan;
alter function notifications.claim_push_deliveries(p_limit integer, p_lease_ms integer) set plan_cache_mode = force_generic_plan;
alter function notifications.claim_webhook_deliveries(p_limit integer, p_lease_ms integer) set plan_cache_mode = force_generic_plan;
alter function notifications.event_attendees(p_event_id uuid, p_statuses text[], p_occurrence_start timestamp with time zone, p_since timestamp with time zone) set plan_cache_mode = force_generic_plan;
alter function notifications.exclude_former_members(p_village_id uuid, p_user_ids uuid[]) set plan_cache_mode = force_generic_plan;
alter function notifications.exclude_former_members_many(p_village_ids uuid[], p_user_ids uuid[]) set plan_cache_mode = force_generic_plan;
alter function notifications.get_preferences(p_user_id uuid, p_village_id uuid) set plan_cache_mode = force_generic_plan;
alter function notifications.get_webhook(p_village_id uuid, p_webhook_id uuid) set plan_cache_mode = force_generic_plan;
alter function notifications.list_enabled_webhooks(p_village_id uuid) set plan_cache_mode = force_generic_plan;
alter function notifications.list_webhook_deliveries(p_webhook_id uuid, p_limit integer, p_attempts_limit integer, p_status text, p_before_created_at timestamp with time zone, p_before_id uuid) set plan_cache_mode = force_generic_plan;
alter function notifications.list_webhooks(p_village_id uuid, p_limit integer, p_before_created_at timestamp with time zone, p_before_id uuid) set plan_cache_mode = force_generic_plan;
alter function notifications.preferences_of(p_village_id uuid, p_user_ids uuid[], p_topic_id uuid) set plan_cache_mode = force_generic_plan;
alter function notifications.preferences_of_many(p_village_ids uuid[], p_topic_ids uuid[], p_user_ids uuid[]) set plan_cache_mode = force_generic_plan;
alter function notifications.topic_watchers(p_village_id uuid, p_topic_id uuid) set plan_cache_mode = force_generic_plan;
alter function notifications.topic_watchers_many(p_village_ids uuid[], p_topic_ids uuid[]) set plan_cache_mode = force_generic_plan;
alter function notifications.village_member_ids(p_village_id uuid) set plan_cache_mode = force_generic_plan;
alter function notifications.village_member_ids_many(p_village_ids uuid[]) set plan_cache_mode = force_generic_plan;
