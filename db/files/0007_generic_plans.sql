-- The set-returning functions rewritten in plpgsql by 0006 run their generic plan, as they did as
-- SQL functions (planned without the arguments' values, at every call). Left to choose, plpgsql's
-- plan cache keeps planning anew while the generic plan's estimate looks dearer than the custom
-- plans' — as it does for a keyset page, whose generic estimate cannot use the limit:
-- messaging.list_posts planned every page again (db/messaging/0016). The plans are the ones these
-- functions always had; now each is made once per session.

alter function files.claim_stale_object_removals(p_updated_before timestamp with time zone, p_limit integer) set plan_cache_mode = force_generic_plan;
alter function files.current_members(p_village_id uuid, p_user_ids uuid[]) set plan_cache_mode = force_generic_plan;
alter function files.file_result(p_file files.files) set plan_cache_mode = force_generic_plan;
alter function files.get_file_for(p_file_id uuid, p_user_id uuid) set plan_cache_mode = force_generic_plan;
alter function files.get_files(p_file_ids uuid[]) set plan_cache_mode = force_generic_plan;
alter function files.get_object_removal(p_file_id uuid) set plan_cache_mode = force_generic_plan;
alter function files.get_settings(p_village_id uuid) set plan_cache_mode = force_generic_plan;
alter function files.list_downloads(p_file_id uuid, p_limit integer, p_before_at timestamp with time zone, p_before_id uuid) set plan_cache_mode = force_generic_plan;
alter function files.list_files(p_village_id uuid, p_folder text, p_recursive boolean, p_user_id uuid, p_role text, p_manage boolean, p_limit integer, p_after_folder text, p_after_name text, p_after_id uuid) set plan_cache_mode = force_generic_plan;
alter function files.list_subfolders(p_village_id uuid, p_folder text, p_user_id uuid, p_role text, p_manage boolean) set plan_cache_mode = force_generic_plan;
