-- Profiles: read, partial update, and account deletion (erasure).

-- The caller's own profile, while the account is active and the caller's session is live.
create or replace function identity.get_own_profile(p_user_id uuid, p_session_id uuid)
returns table (
  id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb,
  preferences jsonb, sharing jsonb, data jsonb, created_at timestamptz, updated_at timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
         u.preferences, u.sharing, u.data, u.created_at, u.updated_at
    from identity.users u
    join identity.sessions s on s.user_id = u.id and s.id = p_session_id and s.status = 'active'
   where u.id = p_user_id and u.status = 'active';
$$;

-- Another user's full profile and sharing settings; the caller filters what the viewer may see.
-- Deleted accounts are not found.
create or replace function identity.get_user(p_user_id uuid)
returns table (
  id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb,
  preferences jsonb, sharing jsonb, data jsonb, created_at timestamptz, updated_at timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
         u.preferences, u.sharing, u.data, u.created_at, u.updated_at
    from identity.users u
   where u.id = p_user_id and u.status = 'active';
$$;

-- Updates the fields given (a null argument leaves its field alone; p_clear_avatar removes the
-- avatar); `sharing` is merged into the current settings. When something actually changed, the
-- row is updated and user.profile_updated names the changed fields. No row when the account or
-- the session is gone.
create or replace function identity.update_profile(
  p_user_id uuid,
  p_session_id uuid,
  p_display_name text default null,
  p_avatar_file_id uuid default null,
  p_clear_avatar boolean default false,
  p_contact jsonb default null,
  p_emergency jsonb default null,
  p_preferences jsonb default null,
  p_sharing jsonb default null,
  p_data jsonb default null
) returns table (
  id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb,
  preferences jsonb, sharing jsonb, data jsonb, created_at timestamptz, updated_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_old identity.users;
  v_new identity.users;
  v_changed text[] := '{}';
begin
  select u.* into v_old
    from identity.users u
   where u.id = p_user_id and u.status = 'active'
     and exists (select 1 from identity.sessions s
                  where s.id = p_session_id and s.user_id = u.id and s.status = 'active')
     for update of u;
  if not found then
    return;
  end if;

  v_new := v_old;
  v_new.display_name := coalesce(p_display_name, v_old.display_name);
  v_new.avatar_file_id := case when p_clear_avatar then null else coalesce(p_avatar_file_id, v_old.avatar_file_id) end;
  v_new.contact := coalesce(p_contact, v_old.contact);
  v_new.emergency := coalesce(p_emergency, v_old.emergency);
  v_new.preferences := coalesce(p_preferences, v_old.preferences);
  v_new.sharing := v_old.sharing || coalesce(p_sharing, '{}');
  v_new.data := coalesce(p_data, v_old.data);

  if v_new.display_name is distinct from v_old.display_name then v_changed := array_append(v_changed, 'displayName'); end if;
  if v_new.avatar_file_id is distinct from v_old.avatar_file_id then v_changed := array_append(v_changed, 'avatarFileId'); end if;
  if v_new.contact is distinct from v_old.contact then v_changed := array_append(v_changed, 'contact'); end if;
  if v_new.emergency is distinct from v_old.emergency then v_changed := array_append(v_changed, 'emergency'); end if;
  if v_new.preferences is distinct from v_old.preferences then v_changed := array_append(v_changed, 'preferences'); end if;
  if v_new.sharing is distinct from v_old.sharing then v_changed := array_append(v_changed, 'sharing'); end if;
  if v_new.data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;

  if cardinality(v_changed) > 0 then
    update identity.users u
       set display_name = v_new.display_name,
           avatar_file_id = v_new.avatar_file_id,
           contact = v_new.contact,
           emergency = v_new.emergency,
           preferences = v_new.preferences,
           sharing = v_new.sharing,
           data = v_new.data,
           updated_at = now()
     where u.id = p_user_id
    returning u.* into v_new;

    perform identity.emit_event('identity.user.profile_updated', 1, null, p_user_id,
      jsonb_build_object('userId', p_user_id, 'changed', to_jsonb(v_changed),
                         'displayName', v_new.display_name, 'avatarFileId', v_new.avatar_file_id));
  end if;

  return query select v_new.id, v_new.email, v_new.display_name, v_new.avatar_file_id, v_new.contact,
                      v_new.emergency, v_new.preferences, v_new.sharing, v_new.data,
                      v_new.created_at, v_new.updated_at;
end;
$$;

-- Deletes an account: the profile is erased (the row stays, so content keeps an author shown as
-- "Deleted user"), the credential removed, every session revoked, and user.deleted emitted.
-- No row when the account or the session is already gone.
create or replace function identity.delete_user(p_user_id uuid, p_session_id uuid)
returns table (user_id uuid)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_session_id uuid;
begin
  perform 1
     from identity.users u
    where u.id = p_user_id and u.status = 'active'
      and exists (select 1 from identity.sessions s
                   where s.id = p_session_id and s.user_id = u.id and s.status = 'active')
      for update of u;
  if not found then
    return;
  end if;

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
