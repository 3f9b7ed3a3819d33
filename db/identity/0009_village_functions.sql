-- Villages and memberships: indexes, and every read and write of them, one call per command.
--
-- Locking order, the same in every function: the village row(s) (`for update`, by id), then a
-- user row. The village row lock serialises every membership change of a village, which is what
-- keeps the "last owner" rule and the maintained member_count true under concurrency.

create extension if not exists pg_trgm with schema public;

-- "Villages I belong to", newest membership first; the directory of a village, oldest member first.
create index memberships_user_created_at_village_idx on identity.memberships (user_id, created_at, village_id);
create index memberships_village_created_at_user_idx on identity.memberships (village_id, created_at, user_id);
create index memberships_village_role_created_at_user_idx on identity.memberships (village_id, role, created_at, user_id);
-- Public villages, newest first, and the name search over them.
create index villages_public_created_at_id_idx on identity.villages (created_at, id) where visibility = 'public';
create index villages_name_trgm_idx on identity.villages using gin (lower(name) public.gin_trgm_ops);
-- Fixed villages every new account joins.
create index villages_auto_join_idx on identity.villages (id) where auto_join;

-- A search term as a LIKE pattern matching it anywhere, wildcards escaped; null matches everything.
create or replace function identity.contains_pattern(p_q text) returns text
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case when p_q is null then null
              else '%' || replace(replace(replace(lower(p_q), '\', '\\'), '%', '\%'), '_', '\_') || '%' end;
$$;

-- The village as `p_user_id` sees it: with their role (null when not a member) and the member
-- count. No row when the village does not exist.
create or replace function identity.village_result(p_village_id uuid, p_user_id uuid)
returns table (
  id uuid, name text, description text, visibility text, fixed_key text, member_count integer,
  my_role text, data jsonb, created_at timestamptz, updated_at timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select v.id, v.name, v.description, v.visibility, v.fixed_key, v.member_count,
         m.role, v.data, v.created_at, v.updated_at
    from identity.villages v
    left join identity.memberships m on m.village_id = v.id and m.user_id = p_user_id
   where v.id = p_village_id;
$$;

-- Locks a village for a membership change; with p_check_actor, also checks that the actor still
-- holds the role the caller decided on (null: not a member), so a decision made on a role that
-- changed since is refused rather than applied.
create or replace function identity.lock_village(
  p_village_id uuid, p_check_actor boolean default false, p_actor_id uuid default null, p_actor_role text default null
) returns identity.villages
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_village identity.villages;
  v_role text;
begin
  select v.* into v_village from identity.villages v where v.id = p_village_id for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such village';
  end if;
  if p_check_actor then
    select m.role into v_role from identity.memberships m where m.village_id = p_village_id and m.user_id = p_actor_id;
    if v_role is distinct from p_actor_role then
      raise exception using errcode = '40001', message = 'conflict', detail = 'Your role in this village changed; try again';
    end if;
  end if;
  return v_village;
end;
$$;

-- Adds a membership to a locked village (the caller holds the village lock): the row, the member
-- count and membership.added. The user must be an active account (not_found otherwise); an
-- existing membership is a conflict. For invitations and auto-join too.
create or replace function identity.insert_membership(
  p_village_id uuid, p_user_id uuid, p_role text, p_via text, p_actor_id uuid
) returns identity.memberships
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_membership identity.memberships;
begin
  perform 1 from identity.users u where u.id = p_user_id and u.status = 'active' for share;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such user';
  end if;
  insert into identity.memberships as m (village_id, user_id, role)
  values (p_village_id, p_user_id, p_role)
  on conflict (village_id, user_id) do nothing
  returning m.* into v_membership;
  if v_membership.village_id is null then
    raise exception using errcode = '23505', message = 'conflict', detail = 'The user is already a member of this village';
  end if;
  update identity.villages v set member_count = v.member_count + 1 where v.id = p_village_id;
  perform identity.emit_event('identity.membership.added', 1, p_village_id, p_actor_id,
    jsonb_build_object('villageId', p_village_id, 'userId', p_user_id, 'role', p_role, 'via', p_via));
  return v_membership;
end;
$$;

-- Ends a membership of a locked village: the row, the member count and membership.removed.
-- Returns false when there was no such membership.
create or replace function identity.end_membership(
  p_village_id uuid, p_user_id uuid, p_reason text, p_actor_id uuid
) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role text;
begin
  delete from identity.memberships m where m.village_id = p_village_id and m.user_id = p_user_id
  returning m.role into v_role;
  if v_role is null then
    return false;
  end if;
  update identity.villages v set member_count = v.member_count - 1 where v.id = p_village_id;
  perform identity.emit_event('identity.membership.removed', 1, p_village_id, p_actor_id,
    jsonb_build_object('villageId', p_village_id, 'userId', p_user_id, 'role', v_role, 'reason', p_reason));
  return true;
end;
$$;

-- Whether a village would lose its last owner if `p_user_id` stopped being one. Call under the
-- village lock.
create or replace function identity.is_last_owner(p_village_id uuid, p_user_id uuid) returns boolean
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select exists (select 1 from identity.memberships m
                  where m.village_id = p_village_id and m.user_id = p_user_id and m.role = 'owner')
     and not exists (select 1 from identity.memberships m
                      where m.village_id = p_village_id and m.user_id <> p_user_id and m.role = 'owner');
$$;

-- Create: the village, its creator's `owner` membership, village.created and membership.added.
create or replace function identity.create_village(
  p_actor_id uuid, p_name text, p_visibility text, p_description text default '', p_data jsonb default '{}'
) returns table (
  id uuid, name text, description text, visibility text, fixed_key text, member_count integer,
  my_role text, data jsonb, created_at timestamptz, updated_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_village identity.villages;
begin
  perform 1 from identity.users u where u.id = p_actor_id and u.status = 'active' for share;
  if not found then
    raise exception using errcode = 'P0002', message = 'unauthenticated', detail = 'This account no longer exists';
  end if;
  insert into identity.villages as v (name, description, visibility, data, member_count)
  values (p_name, coalesce(p_description, ''), p_visibility, coalesce(p_data, '{}'), 1)
  returning v.* into v_village;
  insert into identity.memberships (village_id, user_id, role) values (v_village.id, p_actor_id, 'owner');

  perform identity.emit_event('identity.village.created', 1, v_village.id, p_actor_id,
    jsonb_build_object('villageId', v_village.id, 'name', v_village.name, 'visibility', v_village.visibility,
                       'fixedKey', null, 'ownerId', p_actor_id, 'ownerRole', 'owner'));
  perform identity.emit_event('identity.membership.added', 1, v_village.id, p_actor_id,
    jsonb_build_object('villageId', v_village.id, 'userId', p_actor_id, 'role', 'owner', 'via', 'created'));

  return query select * from identity.village_result(v_village.id, p_actor_id);
end;
$$;

-- Read: the village as the user sees it (see village_result).
create or replace function identity.get_village(p_village_id uuid, p_user_id uuid)
returns table (
  id uuid, name text, description text, visibility text, fixed_key text, member_count integer,
  my_role text, data jsonb, created_at timestamptz, updated_at timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select * from identity.village_result(p_village_id, p_user_id);
$$;

-- What an access decision needs: the village, the actor's role and (when p_user_id is given) the
-- role of the member acted upon. No row when the village does not exist.
create or replace function identity.get_village_access(p_village_id uuid, p_actor_id uuid, p_user_id uuid default null)
returns table (village_id uuid, visibility text, fixed_key text, actor_role text, user_role text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select v.id, v.visibility, v.fixed_key, a.role, u.role
    from identity.villages v
    left join identity.memberships a on a.village_id = v.id and a.user_id = p_actor_id
    left join identity.memberships u on u.village_id = v.id and u.user_id = p_user_id
   where v.id = p_village_id;
$$;

-- Update: the fields given (null leaves a field alone); village.updated names the changed fields.
create or replace function identity.update_village(
  p_village_id uuid, p_actor_id uuid, p_actor_role text,
  p_name text default null, p_description text default null, p_visibility text default null, p_data jsonb default null
) returns table (
  id uuid, name text, description text, visibility text, fixed_key text, member_count integer,
  my_role text, data jsonb, created_at timestamptz, updated_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_old identity.villages;
  v_new identity.villages;
  v_changed text[] := '{}';
begin
  v_old := identity.lock_village(p_village_id, true, p_actor_id, p_actor_role);
  v_new := v_old;
  v_new.name := coalesce(p_name, v_old.name);
  v_new.description := coalesce(p_description, v_old.description);
  v_new.visibility := coalesce(p_visibility, v_old.visibility);
  v_new.data := coalesce(p_data, v_old.data);
  if v_new.name is distinct from v_old.name then v_changed := array_append(v_changed, 'name'); end if;
  if v_new.description is distinct from v_old.description then v_changed := array_append(v_changed, 'description'); end if;
  if v_new.visibility is distinct from v_old.visibility then v_changed := array_append(v_changed, 'visibility'); end if;
  if v_new.data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;

  if cardinality(v_changed) > 0 then
    update identity.villages v
       set name = v_new.name, description = v_new.description, visibility = v_new.visibility,
           data = v_new.data, updated_at = now()
     where v.id = p_village_id;
    perform identity.emit_event('identity.village.updated', 1, p_village_id, p_actor_id,
      jsonb_build_object('villageId', p_village_id, 'changed', to_jsonb(v_changed),
                         'name', v_new.name, 'visibility', v_new.visibility));
  end if;

  return query select * from identity.village_result(p_village_id, p_actor_id);
end;
$$;

-- Delete: every membership ends (membership.removed, reason village_deleted), then the village
-- goes and village.deleted is emitted.
create or replace function identity.delete_village(p_village_id uuid, p_actor_id uuid, p_actor_role text)
returns table (village_id uuid)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_user_id uuid;
begin
  perform identity.lock_village(p_village_id, true, p_actor_id, p_actor_role);
  for v_user_id in
    select m.user_id from identity.memberships m where m.village_id = p_village_id order by m.created_at, m.user_id
  loop
    perform identity.end_membership(p_village_id, v_user_id, 'village_deleted', p_actor_id);
  end loop;
  delete from identity.villages v where v.id = p_village_id;
  perform identity.emit_event('identity.village.deleted', 1, p_village_id, p_actor_id,
    jsonb_build_object('villageId', p_village_id));
  return query select p_village_id;
end;
$$;

-- Villages the user belongs to, newest membership first, optionally matching a name. Keyset on
-- the membership's (created_at, village_id); cursor_at is the full-precision sort key.
create or replace function identity.list_my_villages(
  p_user_id uuid, p_limit integer, p_q text default null,
  p_before_at timestamptz default null, p_before_id uuid default null
) returns table (
  id uuid, name text, description text, visibility text, fixed_key text, member_count integer,
  my_role text, data jsonb, created_at timestamptz, updated_at timestamptz, cursor_at text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select v.id, v.name, v.description, v.visibility, v.fixed_key, v.member_count,
         m.role, v.data, v.created_at, v.updated_at, m.created_at::text
    from identity.memberships m
    join identity.villages v on v.id = m.village_id
   where m.user_id = p_user_id
     and (p_before_at is null or (m.created_at, m.village_id) < (p_before_at, p_before_id))
     and (p_q is null or lower(v.name) like identity.contains_pattern(p_q))
   order by m.created_at desc, m.village_id desc
   limit p_limit;
$$;

-- Public villages, newest first, optionally matching a name (trigram index), with the user's role.
create or replace function identity.list_public_villages(
  p_user_id uuid, p_limit integer, p_q text default null,
  p_before_at timestamptz default null, p_before_id uuid default null
) returns table (
  id uuid, name text, description text, visibility text, fixed_key text, member_count integer,
  my_role text, data jsonb, created_at timestamptz, updated_at timestamptz, cursor_at text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select v.id, v.name, v.description, v.visibility, v.fixed_key, v.member_count,
         m.role, v.data, v.created_at, v.updated_at, v.created_at::text
    from identity.villages v
    left join identity.memberships m on m.village_id = v.id and m.user_id = p_user_id
   where v.visibility = 'public'
     and (p_before_at is null or (v.created_at, v.id) < (p_before_at, p_before_id))
     and (p_q is null or lower(v.name) like identity.contains_pattern(p_q))
   order by v.created_at desc, v.id desc
   limit p_limit;
$$;

-- Join a public village as `member`. Idempotent: a member gets their membership back, and no
-- event. A village that is not public is not found (it may have turned private since the check).
create or replace function identity.join_village(p_village_id uuid, p_user_id uuid)
returns table (village_id uuid, user_id uuid, role text, created_at timestamptz, updated_at timestamptz)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_village identity.villages;
  v_membership identity.memberships;
begin
  v_village := identity.lock_village(p_village_id);
  select m.* into v_membership from identity.memberships m where m.village_id = p_village_id and m.user_id = p_user_id;
  if v_membership.village_id is null then
    if v_village.visibility <> 'public' then
      raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such village';
    end if;
    v_membership := identity.insert_membership(p_village_id, p_user_id, 'member', 'joined', p_user_id);
  end if;
  return query select v_membership.village_id, v_membership.user_id, v_membership.role,
                      v_membership.created_at, v_membership.updated_at;
end;
$$;

-- Add an existing active user (not_found otherwise) with a role; conflict when already a member.
create or replace function identity.add_member(
  p_village_id uuid, p_actor_id uuid, p_actor_role text, p_user_id uuid, p_role text
) returns table (village_id uuid, user_id uuid, role text, created_at timestamptz, updated_at timestamptz)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_membership identity.memberships;
begin
  perform identity.lock_village(p_village_id, true, p_actor_id, p_actor_role);
  v_membership := identity.insert_membership(p_village_id, p_user_id, p_role, 'added', p_actor_id);
  return query select v_membership.village_id, v_membership.user_id, v_membership.role,
                      v_membership.created_at, v_membership.updated_at;
end;
$$;

-- Change a member's role. Under the village lock, so of two concurrent demotions of the last two
-- owners exactly one succeeds; the other finds the last owner and raises `conflict`.
create or replace function identity.change_member_role(
  p_village_id uuid, p_actor_id uuid, p_actor_role text, p_user_id uuid, p_role text
) returns table (village_id uuid, user_id uuid, role text, created_at timestamptz, updated_at timestamptz)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_membership identity.memberships;
  v_previous text;
begin
  perform identity.lock_village(p_village_id, true, p_actor_id, p_actor_role);
  select m.* into v_membership from identity.memberships m
   where m.village_id = p_village_id and m.user_id = p_user_id for update;
  if v_membership.village_id is null then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such member';
  end if;
  v_previous := v_membership.role;
  if v_previous <> p_role then
    if v_previous = 'owner' and identity.is_last_owner(p_village_id, p_user_id) then
      raise exception using errcode = '23514', message = 'conflict', detail = 'The last owner cannot be demoted; make another member owner first';
    end if;
    update identity.memberships m set role = p_role, updated_at = now()
     where m.village_id = p_village_id and m.user_id = p_user_id
    returning m.* into v_membership;
    perform identity.emit_event('identity.membership.role_changed', 1, p_village_id, p_actor_id,
      jsonb_build_object('villageId', p_village_id, 'userId', p_user_id, 'role', p_role, 'previousRole', v_previous));
  end if;
  return query select v_membership.village_id, v_membership.user_id, v_membership.role,
                      v_membership.created_at, v_membership.updated_at;
end;
$$;

-- Remove a member, or leave (the actor removes themself: reason `left`). The last owner cannot
-- leave: deleting the village is the way out.
create or replace function identity.remove_member(
  p_village_id uuid, p_actor_id uuid, p_actor_role text, p_user_id uuid
) returns table (village_id uuid)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  perform identity.lock_village(p_village_id, true, p_actor_id, p_actor_role);
  if identity.is_last_owner(p_village_id, p_user_id) then
    raise exception using errcode = '23514', message = 'conflict', detail = 'The last owner cannot leave; make another member owner or delete the village';
  end if;
  if not identity.end_membership(p_village_id, p_user_id,
                                 case when p_user_id = p_actor_id then 'left' else 'removed' end, p_actor_id) then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such member';
  end if;
  return query select p_village_id;
end;
$$;

-- The directory: members with their profile and sharing settings (the caller filters the fields
-- by sharing), oldest member first; optional role filter and display-name search. Keyset on the
-- membership's (created_at, user_id). Deleted accounts have no memberships.
create or replace function identity.list_members(
  p_village_id uuid, p_limit integer, p_q text default null, p_role text default null,
  p_after_at timestamptz default null, p_after_id uuid default null
) returns table (
  role text, joined_at timestamptz, cursor_at text,
  id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb,
  preferences jsonb, sharing jsonb, data jsonb, created_at timestamptz, updated_at timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select m.role, m.created_at, m.created_at::text,
         u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
         '{}'::jsonb, u.sharing, u.data, u.created_at, u.updated_at
    from identity.memberships m
    join identity.users u on u.id = m.user_id and u.status = 'active'
   where m.village_id = p_village_id
     and (p_role is null or m.role = p_role)
     and (p_after_at is null or (m.created_at, m.user_id) > (p_after_at, p_after_id))
     and (p_q is null or lower(u.display_name) like identity.contains_pattern(p_q))
   order by m.created_at, m.user_id
   limit p_limit;
$$;

-- Read-through for membership replicas: the village (visibility) and the user's role in it; the
-- village columns are null when it does not exist.
create or replace function identity.get_membership(p_village_id uuid, p_user_id uuid)
returns table (village_id uuid, visibility text, role text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select v.id, v.visibility, m.role
    from (select 1) as one
    left join identity.villages v on v.id = p_village_id
    left join identity.memberships m on m.village_id = v.id and m.user_id = p_user_id;
$$;

-- How a viewer stands to a user: self, villager (they share a village), or other.
create or replace function identity.get_viewer_relation(p_viewer_id uuid, p_user_id uuid)
returns table (relation text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select case
           when p_viewer_id = p_user_id then 'self'
           when exists (select 1
                          from identity.memberships a
                          join identity.memberships b on b.village_id = a.village_id and b.user_id = p_user_id
                         where a.user_id = p_viewer_id) then 'villager'
           else 'other'
         end;
$$;

-- App-defined fixed villages (metadata `app/villages`), upserted by key: created ones emit
-- village.created (no owner), changed ones village.updated, unchanged ones nothing. Keys absent
-- from the document are left alone. p_villages: [{key, name, description, visibility, autoJoin, data}].
create or replace function identity.sync_fixed_villages(p_villages jsonb)
returns table (village_id uuid, fixed_key text, outcome text)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_item jsonb;
  v_old identity.villages;
  v_new identity.villages;
  v_changed text[];
begin
  -- Two replicas starting at once sync one after the other.
  perform pg_advisory_xact_lock(hashtextextended('identity.fixed_villages', 0));
  for v_item in select value from jsonb_array_elements(coalesce(p_villages, '[]')) loop
    select v.* into v_old from identity.villages v where v.fixed_key = v_item->>'key' for update;
    if v_old.id is null then
      insert into identity.villages as v (name, description, visibility, fixed_key, auto_join, data)
      values (v_item->>'name', coalesce(v_item->>'description', ''), v_item->>'visibility', v_item->>'key',
              coalesce((v_item->>'autoJoin')::boolean, false), coalesce(v_item->'data', '{}'))
      returning v.* into v_new;
      perform identity.emit_event('identity.village.created', 1, v_new.id, null,
        jsonb_build_object('villageId', v_new.id, 'name', v_new.name, 'visibility', v_new.visibility,
                           'fixedKey', v_new.fixed_key, 'ownerId', null, 'ownerRole', null));
      return query select v_new.id, v_new.fixed_key, 'created'::text;
    else
      v_new := v_old;
      v_new.name := v_item->>'name';
      v_new.description := coalesce(v_item->>'description', '');
      v_new.visibility := v_item->>'visibility';
      v_new.auto_join := coalesce((v_item->>'autoJoin')::boolean, false);
      v_new.data := coalesce(v_item->'data', '{}');
      v_changed := '{}';
      if v_new.name is distinct from v_old.name then v_changed := array_append(v_changed, 'name'); end if;
      if v_new.description is distinct from v_old.description then v_changed := array_append(v_changed, 'description'); end if;
      if v_new.visibility is distinct from v_old.visibility then v_changed := array_append(v_changed, 'visibility'); end if;
      if v_new.auto_join is distinct from v_old.auto_join then v_changed := array_append(v_changed, 'autoJoin'); end if;
      if v_new.data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;
      if cardinality(v_changed) = 0 then
        return query select v_old.id, v_old.fixed_key, 'unchanged'::text;
      else
        update identity.villages v
           set name = v_new.name, description = v_new.description, visibility = v_new.visibility,
               auto_join = v_new.auto_join, data = v_new.data, updated_at = now()
         where v.id = v_old.id;
        perform identity.emit_event('identity.village.updated', 1, v_old.id, null,
          jsonb_build_object('villageId', v_old.id, 'changed', to_jsonb(v_changed),
                             'name', v_new.name, 'visibility', v_new.visibility));
        return query select v_old.id, v_old.fixed_key, 'updated'::text;
      end if;
    end if;
  end loop;
end;
$$;

-- Signup: joins a new account to every auto-join village as `member` (membership.added via
-- auto_join). Called in the signup's transaction.
create or replace function identity.auto_join_villages(p_user_id uuid)
returns table (village_id uuid)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_village_id uuid;
begin
  for v_village_id in
    select v.id from identity.villages v where v.auto_join order by v.id for update
  loop
    if not exists (select 1 from identity.memberships m where m.village_id = v_village_id and m.user_id = p_user_id) then
      perform identity.insert_membership(v_village_id, p_user_id, 'member', 'auto_join', p_user_id);
      return query select v_village_id;
    end if;
  end loop;
end;
$$;

-- Account deletion, now also ending memberships (membership.removed, reason account_deleted).
-- The last owner of a village cannot delete their account: `conflict` naming the villages (hand
-- ownership over or delete them first). Locks the user's villages first (the order every
-- membership function follows), then the user.
create or replace function identity.delete_user(p_user_id uuid, p_session_id uuid)
returns table (user_id uuid)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_session_id uuid;
  v_village_id uuid;
  v_blocking text;
begin
  perform 1 from identity.villages v
   where v.id in (select m.village_id from identity.memberships m where m.user_id = p_user_id)
   order by v.id
     for update;

  perform 1
     from identity.users u
    where u.id = p_user_id and u.status = 'active'
      and exists (select 1 from identity.sessions s
                   where s.id = p_session_id and s.user_id = u.id and s.status = 'active')
      for update of u;
  if not found then
    return;
  end if;

  select string_agg(v.name, ', ' order by v.name) into v_blocking
    from identity.memberships m
    join identity.villages v on v.id = m.village_id
   where m.user_id = p_user_id and identity.is_last_owner(m.village_id, p_user_id);
  if v_blocking is not null then
    raise exception using errcode = '23514', message = 'conflict',
      detail = 'You are the last owner of: ' || v_blocking || '. Make another member owner or delete the village first';
  end if;

  for v_village_id in
    select m.village_id from identity.memberships m where m.user_id = p_user_id order by m.village_id
  loop
    perform identity.end_membership(v_village_id, p_user_id, 'account_deleted', p_user_id);
  end loop;

  update identity.users u
     set email = null, display_name = 'Deleted user', avatar_file_id = null,
         contact = '{}', emergency = '{}', preferences = '{}', sharing = '{}', data = '{}',
         status = 'deleted', deleted_at = now(), updated_at = now()
   where u.id = p_user_id;

  delete from identity.credentials c where c.user_id = p_user_id;

  for v_session_id in
    select s.id from identity.sessions s where s.user_id = p_user_id and s.status = 'active'
  loop
    perform identity.end_session(v_session_id, 'account_deleted');
  end loop;

  perform identity.emit_event('identity.user.deleted', 1, null, p_user_id, jsonb_build_object('userId', p_user_id));

  return query select p_user_id;
end;
$$;
