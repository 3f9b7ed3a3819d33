-- The village-access gate also reads metadata `app/members` (whether the app lets members be added
-- without their consent), so member.add decides in its one facts query. Otherwise as in 0013.

drop function identity.get_village_access(uuid, uuid, uuid);

-- What an access decision about an actor rests on. Always one row:
-- - village_id, visibility, fixed_key: the village (all null when there is no such village, or
--   none was asked about: app metadata);
-- - actor_role: the actor's role there (null: not a member);
-- - user_role: the role of the member acted upon, when p_user_id is given (null: not a member);
-- - actor_email: the actor's email (null when the account is gone);
-- - app_roles, app_members: metadata `app/roles` and `app/members` as stored (null when absent).
create function identity.get_village_access(
  p_actor_id uuid,
  p_village_id uuid default null,
  p_user_id uuid default null
) returns table (
  village_id uuid, visibility text, fixed_key text, actor_role text, user_role text,
  actor_email text, app_roles jsonb, app_members jsonb
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select v.id, v.visibility, v.fixed_key, a.role, t.role, u.email, r.value, s.value
    from (select 1) as one
    left join identity.villages v on v.id = p_village_id
    left join identity.memberships a on a.village_id = v.id and a.user_id = p_actor_id
    left join identity.memberships t on t.village_id = v.id and t.user_id = p_user_id
    left join identity.users u on u.id = p_actor_id and u.status = 'active'
    left join identity.metadata_documents r on r.scope = 'app' and r.key = 'roles'
    left join identity.metadata_documents s on s.scope = 'app' and s.key = 'members';
$$;
