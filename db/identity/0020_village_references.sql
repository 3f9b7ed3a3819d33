-- Every user id a village's data names must be a member of that village. Contacts check their
-- link themselves (assert_contact_link); metadata documents of the village that name users (the
-- default file permissions of `village:<id>/files`) are checked with this before they are stored.

-- Of p_user_ids, those that are not members of p_village_id (in the order given, once each).
create or replace function identity.find_non_members(p_village_id uuid, p_user_ids uuid[])
returns table (user_id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select ids.id
    from unnest(p_user_ids) with ordinality as ids (id, position)
   where not exists (select 1 from identity.memberships m
                      where m.village_id = p_village_id and m.user_id = ids.id)
   group by ids.id
   order by min(ids.position);
$$;
