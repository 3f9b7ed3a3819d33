-- The set-returning functions rewritten in plpgsql by 0007 run their generic plan, as they did as
-- SQL functions (planned without the arguments' values, at every call). Left to choose, plpgsql's
-- plan cache keeps planning anew while the generic plan's estimate looks dearer than the custom
-- plans' — as it does for a keyset page, whose generic estimate cannot use the limit:
-- messaging.list_posts planned every page again (db/messaging/0016). The plans are the ones these
-- functions always had; now each is made once per session.

alter function calendar.count_attendance(p_event_ids uuid[], p_occurrence_starts timestamp with time zone[], p_member_id uuid) set plan_cache_mode = force_generic_plan;
alter function calendar.create_feed_token(p_village_id uuid, p_member_id uuid, p_token_hash bytea) set plan_cache_mode = force_generic_plan;
alter function calendar.event_result(p_event calendar.events) set plan_cache_mode = force_generic_plan;
alter function calendar.find_feed_token(p_village_id uuid, p_token_hash bytea) set plan_cache_mode = force_generic_plan;
alter function calendar.get_event(p_event_id uuid) set plan_cache_mode = force_generic_plan;
alter function calendar.list_events_in_range(p_village_id uuid, p_from timestamp with time zone, p_to timestamp with time zone, p_limit integer) set plan_cache_mode = force_generic_plan;
alter function calendar.list_events_in_range_with_membership(p_village_id uuid, p_actor_id uuid, p_from timestamp with time zone, p_to timestamp with time zone, p_limit integer) set plan_cache_mode = force_generic_plan;
alter function calendar.list_feed_events(p_village_id uuid, p_from timestamp with time zone) set plan_cache_mode = force_generic_plan;
alter function calendar.revoke_feed_token(p_village_id uuid, p_member_id uuid) set plan_cache_mode = force_generic_plan;
alter function calendar.snapshot_attendance(p_after_event_id uuid, p_after_occurrence timestamp with time zone, p_after_member_id uuid, p_limit integer) set plan_cache_mode = force_generic_plan;
