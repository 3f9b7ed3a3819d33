-- Consent to membership. Adding an existing user by id (member.add) no longer has to add them at
-- once: it may invite their account instead, and they accept or decline it in the app, by id. An
-- invitation is now addressed either to an email address (email, as before) or to an account
-- (invitee_user_id; its address is not stored, so it never reaches the inviter or an event).
--
-- Accepting an invitation is also a write made on its sender's authority: every accept (by token,
-- by id, at signup) takes the sender's role the caller's policy decided on, and refuses with
-- 'inviter_changed' when that role changed since (the same check lock_village makes for actors).

alter table identity.invitations alter column email drop not null;
alter table identity.invitations
  add column invitee_user_id uuid references identity.users (id) on delete cascade;
alter table identity.invitations
  add constraint invitations_addressee_check check ((email is null) <> (invitee_user_id is null));

-- Invitations addressed to an account (list mine).
create index invitations_invitee_created_at_id_idx
  on identity.invitations (invitee_user_id, created_at, id) where invitee_user_id is not null;
-- One pending invitation per village and account.
create unique index invitations_pending_invitee_key
  on identity.invitations (village_id, invitee_user_id) where status = 'pending';

-- The functions returning an invitation gain its invitee_user_id: dropped and created again
-- (their bodies otherwise as in 0012).
drop function identity.invitation_result(uuid);
drop function identity.create_invitation(uuid, text, text, text, integer, integer, uuid, bytea, bytea);
drop function identity.resend_invitation(uuid, uuid, uuid, integer, bytea, bytea);
drop function identity.revoke_invitation(uuid, uuid, uuid);
drop function identity.list_invitations(uuid, text, timestamptz, uuid, integer);
drop function identity.list_my_invitations(uuid, timestamptz, uuid, integer);
drop function identity.open_invitation(bytea, text);
drop function identity.accept_invitation(bytea, uuid);
drop function identity.decline_invitation(bytea, uuid);
drop function identity.use_signup_invitation(uuid, bytea);

-- The row every invitation function returns: the invitation with its village's name and its
-- effective status (a pending invitation past its expiry reads as expired).
create function identity.invitation_result(p_invitation_id uuid)
returns table (
  id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text,
  max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz,
  data jsonb, created_at timestamptz, updated_at timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select i.id, i.village_id, v.name, i.email, i.invitee_user_id, i.role, i.message, i.max_uses, i.uses,
         case when i.status = 'pending' and i.expires_at <= now() then 'expired' else i.status end,
         i.invited_by, i.token_version, i.expires_at, i.data, i.created_at, i.updated_at
    from identity.invitations i
    join identity.villages v on v.id = i.village_id
   where i.id = p_invitation_id;
$$;

-- invitation.created / .resent data: `email` is null for an invitation to an account, and
-- `inviteeUserId` names that account (or the account of the address, when it has one).
create or replace function identity.invitation_event_data(p_invitation identity.invitations)
returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object(
    'invitationId', p_invitation.id, 'villageId', p_invitation.village_id, 'email', p_invitation.email,
    'role', p_invitation.role, 'invitedBy', p_invitation.invited_by, 'maxUses', p_invitation.max_uses,
    'expiresAt', to_char(p_invitation.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'tokenVersion', p_invitation.token_version,
    'inviteeUserId', coalesce(p_invitation.invitee_user_id,
                              (select u.id from identity.users u
                                where u.email = p_invitation.email and u.status = 'active')));
$$;

-- Stores a new invitation and its first token, and emits invitation.created (no token in it).
create or replace function identity.insert_invitation(p_invitation identity.invitations, p_ttl_seconds integer,
                                                     p_token_hash bytea, p_token_salt bytea)
returns uuid
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_invitation identity.invitations;
begin
  if p_ttl_seconds is null or p_ttl_seconds < 1 then
    raise exception using errcode = '22023', message = 'invalid', detail = 'p_ttl_seconds must be positive';
  end if;
  insert into identity.invitations as i
    (village_id, email, invitee_user_id, role, message, max_uses, invited_by, expires_at)
  values (p_invitation.village_id, p_invitation.email, p_invitation.invitee_user_id, p_invitation.role,
          p_invitation.message, coalesce(p_invitation.max_uses, 1), p_invitation.invited_by,
          now() + make_interval(secs => p_ttl_seconds))
  returning i.* into v_invitation;
  insert into identity.invitation_tokens (invitation_id, version, token_hash, token_salt)
  values (v_invitation.id, 1, p_token_hash, p_token_salt);

  perform identity.emit_event('identity.invitation.created', 1, v_invitation.village_id, v_invitation.invited_by,
    identity.invitation_event_data(v_invitation));
  return v_invitation.id;
end;
$$;

-- Creates an invitation to an email address (see insert_invitation).
create function identity.create_invitation(
  p_village_id uuid,
  p_email text,
  p_role text,
  p_message text,
  p_max_uses integer,
  p_ttl_seconds integer,
  p_invited_by uuid,
  p_token_hash bytea,
  p_token_salt bytea
) returns table (
  id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text,
  max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz,
  data jsonb, created_at timestamptz, updated_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_invitation identity.invitations;
  v_id uuid;
begin
  v_invitation.village_id := p_village_id;
  v_invitation.email := p_email;
  v_invitation.role := p_role;
  v_invitation.message := p_message;
  v_invitation.max_uses := p_max_uses;
  v_invitation.invited_by := p_invited_by;
  -- Its own statement, so that the read below sees the row.
  v_id := identity.insert_invitation(v_invitation, p_ttl_seconds, p_token_hash, p_token_salt);
  return query select * from identity.invitation_result(v_id);
end;
$$;

-- Invites an active account (not_found otherwise) to a village, single-use. `conflict` while it
-- has a pending invitation to the village (one past its expiry is expired first).
create function identity.create_member_invitation(
  p_village_id uuid,
  p_user_id uuid,
  p_role text,
  p_ttl_seconds integer,
  p_invited_by uuid,
  p_token_hash bytea,
  p_token_salt bytea
) returns table (
  id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text,
  max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz,
  data jsonb, created_at timestamptz, updated_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_pending identity.invitations;
  v_invitation identity.invitations;
  v_id uuid;
begin
  perform 1 from identity.users u where u.id = p_user_id and u.status = 'active' for share;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such user';
  end if;
  select i.* into v_pending from identity.invitations i
   where i.village_id = p_village_id and i.invitee_user_id = p_user_id and i.status = 'pending'
   for update;
  if v_pending.id is not null and v_pending.expires_at <= now() then
    perform identity.expire_invitation(v_pending);
  elsif v_pending.id is not null then
    raise exception using errcode = '23505', message = 'conflict',
      detail = 'The user already has a pending invitation to this village';
  end if;

  v_invitation.village_id := p_village_id;
  v_invitation.invitee_user_id := p_user_id;
  v_invitation.role := p_role;
  v_invitation.max_uses := 1;
  v_invitation.invited_by := p_invited_by;
  v_id := identity.insert_invitation(v_invitation, p_ttl_seconds, p_token_hash, p_token_salt);
  return query select * from identity.invitation_result(v_id);
exception
  -- A concurrent invitation of the same account committed first.
  when unique_violation then
    raise exception using errcode = '23505', message = 'conflict',
      detail = 'The user already has a pending invitation to this village';
end;
$$;

-- A new token (the old one answers `gone` from now on) and a new expiry; emits invitation.resent.
-- An invitation that expired is revived; an accepted, declined or revoked one is `conflict`.
create function identity.resend_invitation(
  p_village_id uuid,
  p_invitation_id uuid,
  p_actor_id uuid,
  p_ttl_seconds integer,
  p_token_hash bytea,
  p_token_salt bytea
) returns table (
  id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text,
  max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz,
  data jsonb, created_at timestamptz, updated_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_invitation identity.invitations;
begin
  select i.* into v_invitation from identity.invitations i
   where i.id = p_invitation_id and i.village_id = p_village_id
   for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such invitation';
  end if;
  if v_invitation.status not in ('pending', 'expired') then
    raise exception using errcode = '55000', message = 'conflict',
      detail = format('The invitation is %s; it cannot be resent', v_invitation.status);
  end if;

  update identity.invitation_tokens t set status = 'superseded', updated_at = now()
   where t.invitation_id = p_invitation_id and t.status = 'active';
  update identity.invitations i
     set token_version = i.token_version + 1, status = 'pending', closed_at = null,
         expires_at = now() + make_interval(secs => p_ttl_seconds), updated_at = now()
   where i.id = p_invitation_id
  returning i.* into v_invitation;
  insert into identity.invitation_tokens (invitation_id, version, token_hash, token_salt)
  values (p_invitation_id, v_invitation.token_version, p_token_hash, p_token_salt);

  perform identity.emit_event('identity.invitation.resent', 1, v_invitation.village_id, p_actor_id,
    identity.invitation_event_data(v_invitation));

  return query select * from identity.invitation_result(p_invitation_id);
exception
  -- Reviving an expired invitation to an account that has been invited again since.
  when unique_violation then
    raise exception using errcode = '23505', message = 'conflict',
      detail = 'The user already has a newer pending invitation to this village';
end;
$$;

-- Revokes a pending (or expired) invitation: its token answers `gone`; emits invitation.revoked.
-- Idempotent for a revoked one; an accepted or declined one is `conflict`.
create function identity.revoke_invitation(p_village_id uuid, p_invitation_id uuid, p_actor_id uuid)
returns table (
  id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text,
  max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz,
  data jsonb, created_at timestamptz, updated_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_invitation identity.invitations;
begin
  select i.* into v_invitation from identity.invitations i
   where i.id = p_invitation_id and i.village_id = p_village_id
   for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such invitation';
  end if;
  if v_invitation.status in ('accepted', 'declined') then
    raise exception using errcode = '55000', message = 'conflict',
      detail = format('The invitation is %s; it cannot be revoked', v_invitation.status);
  end if;
  if v_invitation.status <> 'revoked' then
    update identity.invitations i set status = 'revoked', closed_at = now(), updated_at = now()
     where i.id = p_invitation_id;
    update identity.invitation_tokens t set status = 'superseded', updated_at = now()
     where t.invitation_id = p_invitation_id and t.status = 'active';
    perform identity.emit_event('identity.invitation.revoked', 1, v_invitation.village_id, p_actor_id,
      jsonb_build_object('invitationId', v_invitation.id, 'villageId', v_invitation.village_id,
                         'email', v_invitation.email, 'revokedBy', p_actor_id));
  end if;
  return query select * from identity.invitation_result(p_invitation_id);
end;
$$;

-- A village's invitations, newest first, optionally of one (effective) status; keyset-paginated
-- (page_at: created_at at full precision, for the cursor).
create function identity.list_invitations(
  p_village_id uuid,
  p_status text default null,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null,
  p_limit integer default 50
) returns table (
  id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text,
  max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz,
  data jsonb, created_at timestamptz, updated_at timestamptz, page_at text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.*, i.created_at::text
    from identity.invitations i
    cross join lateral identity.invitation_result(i.id) r
   where i.village_id = p_village_id
     and (p_before_created_at is null or (i.created_at, i.id) < (p_before_created_at, p_before_id))
     and (p_status is null or r.status = p_status)
   order by i.created_at desc, i.id desc
   limit p_limit;
$$;

-- Pending, unexpired invitations addressed to the user (their account, or their email), newest
-- first; keyset-paginated. Each addressee kind reads its own index, a page from each, merged.
create function identity.list_my_invitations(
  p_user_id uuid,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null,
  p_limit integer default 50
) returns table (
  id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text,
  max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz,
  data jsonb, created_at timestamptz, updated_at timestamptz, page_at text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  with me as (
    select u.id, u.email from identity.users u where u.id = p_user_id and u.status = 'active'
  ), mine as (
    (select i.id, i.created_at
       from me join identity.invitations i on i.email = me.email
      where i.status = 'pending' and i.expires_at > now()
        and (p_before_created_at is null or (i.created_at, i.id) < (p_before_created_at, p_before_id))
      order by i.created_at desc, i.id desc
      limit p_limit)
    union all
    (select i.id, i.created_at
       from me join identity.invitations i on i.invitee_user_id = me.id
      where i.status = 'pending' and i.expires_at > now()
        and (p_before_created_at is null or (i.created_at, i.id) < (p_before_created_at, p_before_id))
      order by i.created_at desc, i.id desc
      limit p_limit)
  )
  select r.*, mine.created_at::text
    from mine
    cross join lateral identity.invitation_result(mine.id) r
   order by mine.created_at desc, mine.id desc
   limit p_limit;
$$;

-- The invitation a token (p_token_hash) or an id (p_invitation_id) opens for p_user_id, locked,
-- and the outcome: 'ok', or why not ('unknown_user', 'unknown', 'superseded', 'revoked',
-- 'declined', 'expired', 'used_up', 'wrong_email'). By id, an invitation that is not addressed to
-- the user is 'unknown', so its existence does not leak. An invitation is addressed to a user by
-- their account (invitee_user_id) or their email. An expired pending invitation is marked expired
-- here (and invitation.expired emitted).
create function identity.open_invitation(
  p_token_hash bytea, p_invitation_id uuid, p_user_id uuid,
  out outcome text, out invitation identity.invitations
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_email text;
  v_token_status text;
  v_addressed boolean;
begin
  select u.email into v_email from identity.users u where u.id = p_user_id and u.status = 'active';
  if not found then
    outcome := 'unknown_user';
    return;
  end if;
  if p_token_hash is not null then
    select t.status into v_token_status from identity.invitation_tokens t where t.token_hash = p_token_hash;
    if not found then
      outcome := 'unknown';
      return;
    end if;
    select i.* into invitation from identity.invitations i
      join identity.invitation_tokens t on t.invitation_id = i.id
     where t.token_hash = p_token_hash
     for update of i;
  else
    select i.* into invitation from identity.invitations i where i.id = p_invitation_id for update;
  end if;
  v_addressed := invitation.invitee_user_id = p_user_id or invitation.email = v_email;
  if invitation.id is null or (p_token_hash is null and not coalesce(v_addressed, false)) then
    outcome := 'unknown';
    invitation := null;
    return;
  end if;

  if invitation.status = 'revoked' then outcome := 'revoked';
  elsif invitation.status = 'declined' then outcome := 'declined';
  elsif invitation.status = 'accepted' or invitation.uses >= invitation.max_uses then outcome := 'used_up';
  elsif v_token_status = 'superseded' then outcome := 'superseded';
  elsif invitation.status = 'expired' then outcome := 'expired';
  elsif invitation.expires_at <= now() then
    perform identity.expire_invitation(invitation);
    outcome := 'expired';
  elsif not coalesce(v_addressed, false) then outcome := 'wrong_email';
  else outcome := 'ok';
  end if;
end;
$$;

-- What the caller's policy decides an invitation's use on, before using it: the invitation a
-- token or an id names (for p_user_id, as open_invitation reads it, without locking or changing
-- anything), its sender's current role in its village (null: no longer a member) and metadata
-- `app/roles`. No row when there is no such invitation (by id: none addressed to the user).
create function identity.get_invitation_authority(p_token_hash bytea, p_invitation_id uuid, p_user_id uuid)
returns table (
  invitation_id uuid, village_id uuid, role text, to_account boolean, invited_by uuid, inviter_role text,
  app_roles jsonb
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select i.id, i.village_id, i.role, i.invitee_user_id is not null, i.invited_by, m.role, r.value
    from identity.invitations i
    left join identity.users u on u.id = p_user_id and u.status = 'active'
    left join identity.memberships m on m.village_id = i.village_id and m.user_id = i.invited_by
    left join identity.metadata_documents r on r.scope = 'app' and r.key = 'roles'
   where (p_token_hash is not null
          and i.id = (select t.invitation_id from identity.invitation_tokens t where t.token_hash = p_token_hash))
      or (p_token_hash is null and i.id = p_invitation_id
          and (i.invitee_user_id = p_user_id or i.email = u.email));
$$;

-- Whether the sender of an open (locked) invitation still holds the role the caller decided on;
-- locks their membership so it cannot change before the use commits.
create function identity.inviter_role_is(p_invitation identity.invitations, p_inviter_role text)
returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role text;
begin
  select m.role into v_role from identity.memberships m
   where m.village_id = p_invitation.village_id and m.user_id = p_invitation.invited_by
     for share;
  return v_role is not distinct from p_inviter_role;
end;
$$;

-- Accept, by token or by id: the outcome ('accepted' or why not, see open_invitation, and
-- 'inviter_changed'), and on success the membership. Outcomes that change state (a lazily expired
-- invitation) are returned, not raised, so they commit.
create function identity.accept_invitation(
  p_token_hash bytea, p_invitation_id uuid, p_user_id uuid, p_inviter_role text
) returns table (outcome text, invitation_id uuid, village_id uuid, user_id uuid, role text,
                 created_at timestamptz, updated_at timestamptz)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_open record;
  v_membership identity.memberships;
begin
  select * into v_open from identity.open_invitation(p_token_hash, p_invitation_id, p_user_id);
  if v_open.outcome = 'ok' and not identity.inviter_role_is(v_open.invitation, p_inviter_role) then
    v_open.outcome := 'inviter_changed';
  end if;
  if v_open.outcome <> 'ok' then
    return query select v_open.outcome, (v_open.invitation).id, (v_open.invitation).village_id, null::uuid,
                        null::text, null::timestamptz, null::timestamptz;
    return;
  end if;
  v_membership := identity.use_invitation(v_open.invitation, p_user_id);
  return query select 'accepted'::text, (v_open.invitation).id, v_membership.village_id, v_membership.user_id,
                      v_membership.role, v_membership.created_at, v_membership.updated_at;
end;
$$;

-- Decline, by token or by id: closes the invitation as declined and emits invitation.declined.
-- Returns the outcome ('declined' or why not, see open_invitation) and the invitation id.
create function identity.decline_invitation(p_token_hash bytea, p_invitation_id uuid, p_user_id uuid)
returns table (outcome text, invitation_id uuid)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_open record;
begin
  select * into v_open from identity.open_invitation(p_token_hash, p_invitation_id, p_user_id);
  if v_open.outcome <> 'ok' then
    return query select v_open.outcome, (v_open.invitation).id;
    return;
  end if;
  update identity.invitations i set status = 'declined', closed_at = now(), updated_at = now()
   where i.id = (v_open.invitation).id;
  update identity.invitation_tokens t set status = 'superseded', updated_at = now()
   where t.invitation_id = (v_open.invitation).id and t.status = 'active';
  perform identity.emit_event('identity.invitation.declined', 1, (v_open.invitation).village_id, p_user_id,
    jsonb_build_object('invitationId', (v_open.invitation).id, 'villageId', (v_open.invitation).village_id,
                       'email', (v_open.invitation).email, 'userId', p_user_id));
  return query select 'declined'::text, (v_open.invitation).id;
end;
$$;

-- Signup with an invitation, in the signup's transaction right after identity.create_account: the
-- new account uses the invitation. The token must be open and addressed to the account's email,
-- and its sender must still hold p_inviter_role; else this raises the contract code of the reason
-- (not_found, gone, conflict, forbidden) and the whole signup rolls back. Returns the membership.
create function identity.use_signup_invitation(p_user_id uuid, p_token_hash bytea, p_inviter_role text)
returns table (village_id uuid, user_id uuid, role text, created_at timestamptz, updated_at timestamptz)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_open record;
  v_membership identity.memberships;
begin
  select * into v_open from identity.open_invitation(p_token_hash, null, p_user_id);
  case v_open.outcome
    when 'ok' then null;
    when 'unknown' then
      raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such invitation';
    when 'wrong_email' then
      raise exception using errcode = '42501', message = 'forbidden',
        detail = 'The invitation is addressed to another email';
    when 'used_up' then
      raise exception using errcode = '55000', message = 'conflict', detail = 'The invitation was already used';
    else
      raise exception using errcode = '55000', message = 'gone',
        detail = format('The invitation is %s', v_open.outcome);
  end case;
  if not identity.inviter_role_is(v_open.invitation, p_inviter_role) then
    raise exception using errcode = '40001', message = 'conflict',
      detail = 'The role of the invitation''s sender changed; try again';
  end if;
  v_membership := identity.use_invitation(v_open.invitation, p_user_id);
  return query select v_membership.village_id, v_membership.user_id, v_membership.role,
                      v_membership.created_at, v_membership.updated_at;
end;
$$;

-- What the invitation email needs (as in 0012); an invitation to an account is mailed to the
-- account's current address (no row once that account is gone).
create or replace function identity.get_invitation_mail(p_invitation_id uuid, p_token_version integer)
returns table (
  invitation_id uuid, village_id uuid, village_name text, email text, role text, message text,
  status text, expires_at timestamptz, inviter_name text, token_version integer, token_status text,
  token_salt bytea
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.id, r.village_id, r.village_name, coalesce(r.email, a.email), r.role, r.message, r.status,
         r.expires_at, u.display_name, t.version, t.status, t.token_salt
    from identity.invitation_result(p_invitation_id) r
    join identity.invitation_tokens t on t.invitation_id = r.id and t.version = p_token_version
    left join identity.users a on a.id = r.invitee_user_id and a.status = 'active'
    left join identity.users u on u.id = r.invited_by and u.status = 'active'
   where coalesce(r.email, a.email) is not null;
$$;
