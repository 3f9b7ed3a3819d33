-- The villages a user is a member of, for the read cache: a profile change invalidates the
-- cached member lists that show the user (memberships_user_created_at_village_idx).

create or replace function identity.list_member_village_ids(p_user_id uuid)
returns table (village_id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select m.village_id from identity.memberships m where m.user_id = p_user_id;
$$;
