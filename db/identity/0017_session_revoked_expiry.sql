-- identity.session.revoked also says when every access token of the ended session has expired
-- (`accessTokensExpireBy`): the end, plus the access tokens' lifetime, plus a minute's margin for a
-- token signed as the session ended. A gateway keeps a revoked session on its denylist until then,
-- and a gateway replica that starts later knows, from the event alone, whether it still matters.
-- Every function that ends a session now takes the access tokens' lifetime.

drop function identity.end_session(uuid, text);

create function identity.end_session(p_session_id uuid, p_reason text, p_access_token_ttl_seconds integer)
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_user_id uuid;
begin
  if p_access_token_ttl_seconds is null or p_access_token_ttl_seconds < 1 then
    raise exception using errcode = '22023', message = 'invalid', detail = 'p_access_token_ttl_seconds must be positive';
  end if;
  update identity.sessions s
     set status = 'revoked', revoked_reason = p_reason, revoked_at = now(), updated_at = now()
   where s.id = p_session_id and s.status = 'active'
  returning s.user_id into v_user_id;
  update identity.refresh_tokens t
     set status = 'revoked', updated_at = now()
   where t.session_id = p_session_id and t.status = 'active';
  if v_user_id is not null then
    perform identity.emit_event('identity.session.revoked', 1, null, v_user_id,
      jsonb_build_object('userId', v_user_id, 'sessionId', p_session_id, 'reason', p_reason,
        'accessTokensExpireBy', to_char(
          (date_trunc('second', clock_timestamp()) + make_interval(secs => p_access_token_ttl_seconds + 61))
            at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')));
  end if;
end;
$$;

drop function identity.rotate_refresh_token(bytea, bytea, integer);

-- Refresh: rotates an active token into a new one in the same session. Presenting a rotated
-- token again means it was copied: the whole session is revoked. Outcomes are returned, not
-- raised, since raising would roll the revocation back:
--   rotated | unknown | expired | revoked | reused
create function identity.rotate_refresh_token(
  p_refresh_token_hash bytea,
  p_new_refresh_token_hash bytea,
  p_refresh_token_ttl_seconds integer,
  p_access_token_ttl_seconds integer
) returns table (
  outcome text, session_id uuid,
  id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb,
  preferences jsonb, sharing jsonb, data jsonb, created_at timestamptz, updated_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_token_id uuid;
  v_token_status text;
  v_expires_at timestamptz;
  v_session_id uuid;
  v_session_status text;
  v_user_id uuid;
  v_user_status text;
begin
  -- Locks the token and its session: two refreshes with one token are serialised, so exactly
  -- one of them rotates and the other sees a rotated token.
  select t.id, t.status, t.expires_at, s.id, s.status, u.id, u.status
    into v_token_id, v_token_status, v_expires_at, v_session_id, v_session_status, v_user_id, v_user_status
    from identity.refresh_tokens t
    join identity.sessions s on s.id = t.session_id
    join identity.users u on u.id = s.user_id
   where t.token_hash = p_refresh_token_hash
   for update of t, s;

  if not found then
    return query select * from identity.session_result('unknown', null, null);
    return;
  end if;

  if v_token_status = 'rotated' then
    perform identity.end_session(v_session_id, 'token_reuse', p_access_token_ttl_seconds);
    return query select * from identity.session_result('reused', v_session_id, null);
    return;
  end if;

  if v_token_status = 'revoked' or v_session_status <> 'active' or v_user_status <> 'active' then
    return query select * from identity.session_result('revoked', v_session_id, null);
    return;
  end if;

  if v_expires_at <= now() then
    return query select * from identity.session_result('expired', v_session_id, null);
    return;
  end if;

  update identity.refresh_tokens t set status = 'rotated', updated_at = now() where t.id = v_token_id;
  insert into identity.refresh_tokens (session_id, token_hash, expires_at)
  values (v_session_id, p_new_refresh_token_hash, now() + make_interval(secs => p_refresh_token_ttl_seconds));
  update identity.sessions s set last_used_at = now(), updated_at = now() where s.id = v_session_id;

  return query select * from identity.session_result('rotated', v_session_id, v_user_id);
end;
$$;

drop function identity.revoke_session(bytea);

-- Logout: revokes the session of any token it issued. Idempotent; an unknown token is a no-op.
create function identity.revoke_session(p_refresh_token_hash bytea, p_access_token_ttl_seconds integer)
returns table (session_id uuid)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_session_id uuid;
begin
  select t.session_id into v_session_id from identity.refresh_tokens t where t.token_hash = p_refresh_token_hash;
  if not found then
    return;
  end if;
  perform identity.end_session(v_session_id, 'logout', p_access_token_ttl_seconds);
  return query select v_session_id;
end;
$$;

drop function identity.delete_user(uuid, uuid);

-- Account deletion (as in 0009): memberships end (membership.removed, reason account_deleted), the
-- profile is erased, the credential removed, every session revoked, and user.deleted emitted. The
-- last owner of a village cannot delete their account (`conflict` naming the villages). Locks the
-- user's villages first (the order every membership function follows), then the user.
create function identity.delete_user(p_user_id uuid, p_session_id uuid, p_access_token_ttl_seconds integer)
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
    select s.id from identity.sessions s where s.user_id = p_user_id and s.status = 'active' order by s.id
  loop
    perform identity.end_session(v_session_id, 'account_deleted', p_access_token_ttl_seconds);
  end loop;

  perform identity.emit_event('identity.user.deleted', 1, null, p_user_id, jsonb_build_object('userId', p_user_id));

  return query select p_user_id;
end;
$$;
