-- The set-returning functions rewritten in plpgsql by 0024 run their generic plan, as they did as
-- SQL functions (planned without the arguments' values, at every call). Left to choose, plpgsql's
-- plan cache keeps planning anew while the generic plan's estimate looks dearer than the custom
-- plans' — as it does for a keyset page, whose generic estimate cannot use the limit:
-- messaging.list_posts planned every page again (db/messaging/0016). The plans are the ones these
-- functions always had; now each is made once per session.

alter function identity.contact_result(p_contact identity.contacts) set plan_cache_mode = force_generic_plan;
alter function identity.find_login(p_email text, p_account_key text, p_pair_key text, p_ip_key text) set plan_cache_mode = force_generic_plan;
alter function identity.find_non_members(p_village_id uuid, p_user_ids uuid[]) set plan_cache_mode = force_generic_plan;
alter function identity.get_contact(p_village_id uuid, p_contact_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.get_invitation_authority(p_token_hash bytea, p_invitation_id uuid, p_user_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.get_invitation_mail(p_invitation_id uuid, p_token_version integer) set plan_cache_mode = force_generic_plan;
alter function identity.get_membership(p_village_id uuid, p_user_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.get_metadata(p_scope text, p_key text) set plan_cache_mode = force_generic_plan;
alter function identity.get_own_profile(p_user_id uuid, p_session_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.get_user(p_user_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.get_viewer_relation(p_viewer_id uuid, p_user_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.get_village(p_village_id uuid, p_user_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.get_village_access(p_actor_id uuid, p_village_id uuid, p_user_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.invitation_result(p_invitation_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.list_contacts(p_village_id uuid, p_limit integer, p_before_created_at timestamp with time zone, p_before_id uuid, p_kind text, p_q text) set plan_cache_mode = force_generic_plan;
alter function identity.list_invitations(p_village_id uuid, p_status text, p_before_created_at timestamp with time zone, p_before_id uuid, p_limit integer) set plan_cache_mode = force_generic_plan;
alter function identity.list_member_village_ids(p_user_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.list_members(p_village_id uuid, p_limit integer, p_q text, p_role text, p_after_at timestamp with time zone, p_after_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.list_my_invitations(p_user_id uuid, p_before_created_at timestamp with time zone, p_before_id uuid, p_limit integer) set plan_cache_mode = force_generic_plan;
alter function identity.list_my_villages(p_user_id uuid, p_limit integer, p_q text, p_before_at timestamp with time zone, p_before_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.list_public_villages(p_user_id uuid, p_limit integer, p_q text, p_before_at timestamp with time zone, p_before_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.list_verification_keys() set plan_cache_mode = force_generic_plan;
alter function identity.session_result(p_outcome text, p_session_id uuid, p_user_id uuid) set plan_cache_mode = force_generic_plan;
alter function identity.snapshot_app_roles() set plan_cache_mode = force_generic_plan;
alter function identity.snapshot_avatars(p_after uuid, p_limit integer) set plan_cache_mode = force_generic_plan;
alter function identity.snapshot_memberships(p_after_village_id uuid, p_after_user_id uuid, p_limit integer) set plan_cache_mode = force_generic_plan;
alter function identity.snapshot_villages(p_after uuid, p_limit integer) set plan_cache_mode = force_generic_plan;
alter function identity.village_result(p_village_id uuid, p_user_id uuid) set plan_cache_mode = force_generic_plan;
