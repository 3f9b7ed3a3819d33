-- The set-returning functions rewritten in plpgsql by 0006 run their generic plan, as they did as
-- SQL functions (planned without the arguments' values, at every call). Left to choose, plpgsql's
-- plan cache keeps planning anew while the generic plan's estimate looks dearer than the custom
-- plans' — as it does for a keyset page, whose generic estimate cannot use the limit:
-- messaging.list_posts planned every page again (db/messaging/0016). The plans are the ones these
-- functions always had; now each is made once per session.

alter function {{schema}}.claim_inbox_batch(p_consumer text, p_event_ids uuid[]) set plan_cache_mode = force_generic_plan;
alter function {{schema}}.outbox_backlog() set plan_cache_mode = force_generic_plan;
