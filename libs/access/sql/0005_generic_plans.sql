-- The set-returning functions rewritten in plpgsql by 0004 run their generic plan, as they did as
-- SQL functions (planned without the arguments' values, at every call). Left to choose, plpgsql's
-- plan cache keeps planning anew while the generic plan's estimate looks dearer than the custom
-- plans' — as it does for a keyset page, whose generic estimate cannot use the limit:
-- messaging.list_posts planned every page again (db/messaging/0016). The plans are the ones these
-- functions always had; now each is made once per session.

alter function {{schema}}.get_app_roles() set plan_cache_mode = force_generic_plan;
alter function {{schema}}.get_membership(p_village_id uuid, p_user_id uuid) set plan_cache_mode = force_generic_plan;
alter function {{schema}}.get_replica_bootstrap(p_replica text) set plan_cache_mode = force_generic_plan;
