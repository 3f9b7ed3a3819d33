-- Invitations: by email, to a user or to an address with no account yet; bound to the address,
-- carrying a preset role, expiring, single-use unless max_uses says otherwise.
--
-- Tokens: the token mailed to the invitee is HMAC-SHA256(<identity secret>, token_salt), 32 bytes
-- base64url. Only its sha256 (token_hash) and the random salt are stored: the database alone can
-- neither reveal nor rebuild a token. Resend supersedes the active token with a new one (new
-- salt, version + 1); superseded tokens stay so that presenting one answers `gone`.

create table identity.invitations (
  id uuid primary key default identity.uuid_v7(),
  village_id uuid not null references identity.villages (id) on delete cascade,
  email text not null
    constraint invitations_email_lower check (email = lower(email) and char_length(email) between 3 and 254),
  role text not null constraint invitations_role_check check (role ~ '^[A-Za-z][A-Za-z0-9_-]{0,63}$'),
  message text constraint invitations_message_check check (char_length(message) <= 2000),
  max_uses integer not null default 1 constraint invitations_max_uses_check check (max_uses between 1 and 1000),
  uses integer not null default 0,
  status text not null default 'pending'
    constraint invitations_status_check check (status in ('pending', 'accepted', 'declined', 'revoked', 'expired')),
  invited_by uuid references identity.users (id) on delete set null,
  -- The version of the active token (incremented by each resend).
  token_version integer not null default 1 constraint invitations_token_version_check check (token_version > 0),
  expires_at timestamptz not null,
  data jsonb not null default '{}'
    constraint invitations_data_object check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 131072),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz,
  constraint invitations_uses_check check (uses between 0 and max_uses),
  constraint invitations_closed_check check ((status = 'pending') = (closed_at is null)),
  constraint invitations_expiry_check check (expires_at > created_at)
);

-- A village's invitations (admin list), newest first.
create index invitations_village_created_at_id_idx on identity.invitations (village_id, created_at, id);
-- Invitations addressed to an email (list mine).
create index invitations_email_created_at_id_idx on identity.invitations (email, created_at, id);
-- The expiry sweep.
create index invitations_pending_expires_at_idx on identity.invitations (expires_at) where status = 'pending';

create table identity.invitation_tokens (
  id uuid primary key default identity.uuid_v7(),
  invitation_id uuid not null references identity.invitations (id) on delete cascade,
  version integer not null constraint invitation_tokens_version_check check (version > 0),
  -- sha256 of the token; the token itself is never stored.
  token_hash bytea not null constraint invitation_tokens_hash_key unique
    constraint invitation_tokens_hash_length check (octet_length(token_hash) = 32),
  -- Random input of the HMAC that derives the token; useless without identity's secret.
  token_salt bytea not null constraint invitation_tokens_salt_length check (octet_length(token_salt) between 16 and 64),
  status text not null default 'active'
    constraint invitation_tokens_status_check check (status in ('active', 'superseded')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint invitation_tokens_invitation_version_key unique (invitation_id, version)
);

-- The row every invitation function returns: the invitation with its village's name and its
-- effective status (a pending invitation past its expiry reads as expired).
create or replace function identity.invitation_result(p_invitation_id uuid)
returns table (
  id uuid, village_id uuid, village_name text, email text, role text, message text, max_uses integer,
  uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz, data jsonb,
  created_at timestamptz, updated_at timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select i.id, i.village_id, v.name, i.email, i.role, i.message, i.max_uses, i.uses,
         case when i.status = 'pending' and i.expires_at <= now() then 'expired' else i.status end,
         i.invited_by, i.token_version, i.expires_at, i.data, i.created_at, i.updated_at
    from identity.invitations i
    join identity.villages v on v.id = i.village_id
   where i.id = p_invitation_id;
$$;

-- The village an invitation command is about, and the caller's role there (null: not a member).
-- No row when the village does not exist.
create or replace function identity.get_invitation_village(p_village_id uuid, p_user_id uuid)
returns table (village_id uuid, name text, visibility text, role text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select v.id, v.name, v.visibility, m.role
    from identity.villages v
    left join identity.memberships m on m.village_id = v.id and m.user_id = p_user_id
   where v.id = p_village_id;
$$;

create or replace function identity.invitation_event_data(p_invitation identity.invitations)
returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object(
    'invitationId', p_invitation.id, 'villageId', p_invitation.village_id, 'email', p_invitation.email,
    'role', p_invitation.role, 'invitedBy', p_invitation.invited_by, 'maxUses', p_invitation.max_uses,
    'expiresAt', to_char(p_invitation.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'tokenVersion', p_invitation.token_version);
$$;

-- Creates an invitation and its first token, and emits invitation.created (no token in it).
create or replace function identity.create_invitation(
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
  id uuid, village_id uuid, village_name text, email text, role text, message text, max_uses integer,
  uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz, data jsonb,
  created_at timestamptz, updated_at timestamptz
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_invitation identity.invitations;
begin
  if p_ttl_seconds is null or p_ttl_seconds < 1 then
    raise exception using errcode = '22023', message = 'invalid', detail = 'p_ttl_seconds must be positive';
  end if;
  insert into identity.invitations as i (village_id, email, role, message, max_uses, invited_by, expires_at)
  values (p_village_id, p_email, p_role, p_message, coalesce(p_max_uses, 1), p_invited_by,
          now() + make_interval(secs => p_ttl_seconds))
  returning i.* into v_invitation;
  insert into identity.invitation_tokens (invitation_id, version, token_hash, token_salt)
  values (v_invitation.id, 1, p_token_hash, p_token_salt);

  perform identity.emit_event('identity.invitation.created', 1, v_invitation.village_id, p_invited_by,
    identity.invitation_event_data(v_invitation));

  return query select * from identity.invitation_result(v_invitation.id);
end;
$$;

-- A new token (the old one answers `gone` from now on) and a new expiry; emits invitation.resent.
-- An invitation that expired is revived; an accepted, declined or revoked one is `conflict`.
create or replace function identity.resend_invitation(
  p_village_id uuid,
  p_invitation_id uuid,
  p_actor_id uuid,
  p_ttl_seconds integer,
  p_token_hash bytea,
  p_token_salt bytea
) returns table (
  id uuid, village_id uuid, village_name text, email text, role text, message text, max_uses integer,
  uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz, data jsonb,
  created_at timestamptz, updated_at timestamptz
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
end;
$$;

-- Revokes a pending (or expired) invitation: its token answers `gone`; emits invitation.revoked.
-- Idempotent for a revoked one; an accepted or declined one is `conflict`.
create or replace function identity.revoke_invitation(p_village_id uuid, p_invitation_id uuid, p_actor_id uuid)
returns table (
  id uuid, village_id uuid, village_name text, email text, role text, message text, max_uses integer,
  uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz, data jsonb,
  created_at timestamptz, updated_at timestamptz
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
create or replace function identity.list_invitations(
  p_village_id uuid,
  p_status text default null,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null,
  p_limit integer default 50
) returns table (
  id uuid, village_id uuid, village_name text, email text, role text, message text, max_uses integer,
  uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz, data jsonb,
  created_at timestamptz, updated_at timestamptz, page_at text
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

-- Pending, unexpired invitations addressed to the user's email, newest first; keyset-paginated.
create or replace function identity.list_my_invitations(
  p_user_id uuid,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null,
  p_limit integer default 50
) returns table (
  id uuid, village_id uuid, village_name text, email text, role text, message text, max_uses integer,
  uses integer, status text, invited_by uuid, token_version integer, expires_at timestamptz, data jsonb,
  created_at timestamptz, updated_at timestamptz, page_at text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.*, i.created_at::text
    from identity.users u
    join identity.invitations i on i.email = u.email
    cross join lateral identity.invitation_result(i.id) r
   where u.id = p_user_id and u.status = 'active'
     and i.status = 'pending' and i.expires_at > now()
     and (p_before_created_at is null or (i.created_at, i.id) < (p_before_created_at, p_before_id))
   order by i.created_at desc, i.id desc
   limit p_limit;
$$;

-- Marks an invitation expired and emits invitation.expired (the caller holds its row lock).
create or replace function identity.expire_invitation(p_invitation identity.invitations)
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  update identity.invitations i set status = 'expired', closed_at = now(), updated_at = now()
   where i.id = p_invitation.id and i.status = 'pending';
  if found then
    perform identity.emit_event('identity.invitation.expired', 1, p_invitation.village_id, null,
      jsonb_build_object('invitationId', p_invitation.id, 'villageId', p_invitation.village_id,
                         'email', p_invitation.email));
  end if;
end;
$$;

-- The sweep: expires up to p_limit pending invitations past their expiry; returns how many.
-- skip locked, so replicas sweeping at once share the work.
create or replace function identity.expire_invitations(p_limit integer)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_invitation identity.invitations;
  v_count integer := 0;
begin
  for v_invitation in
    select i.* from identity.invitations i
     where i.status = 'pending' and i.expires_at <= now()
     order by i.expires_at
     limit p_limit
     for update skip locked
  loop
    perform identity.expire_invitation(v_invitation);
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;

-- The invitation a token opens, locked, and the outcome of presenting it as p_email:
-- 'ok', or why not ('unknown', 'superseded', 'revoked', 'declined', 'expired', 'used_up', 'wrong_email').
-- An expired pending invitation is marked expired here (and invitation.expired emitted).
create or replace function identity.open_invitation(p_token_hash bytea, p_email text, out outcome text,
                                                    out invitation identity.invitations)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_token_status text;
begin
  select t.status into v_token_status from identity.invitation_tokens t where t.token_hash = p_token_hash;
  if not found then
    outcome := 'unknown';
    return;
  end if;
  select i.* into invitation from identity.invitations i
    join identity.invitation_tokens t on t.invitation_id = i.id
   where t.token_hash = p_token_hash
   for update of i;

  if invitation.status = 'revoked' then outcome := 'revoked';
  elsif invitation.status = 'declined' then outcome := 'declined';
  elsif invitation.status = 'accepted' or invitation.uses >= invitation.max_uses then outcome := 'used_up';
  elsif v_token_status = 'superseded' then outcome := 'superseded';
  elsif invitation.status = 'expired' then outcome := 'expired';
  elsif invitation.expires_at <= now() then
    perform identity.expire_invitation(invitation);
    outcome := 'expired';
  elsif p_email is distinct from invitation.email then outcome := 'wrong_email';
  else outcome := 'ok';
  end if;
end;
$$;

-- Consumes one use of an open invitation for p_user_id: the membership (unless they are a member
-- already), membership.added via 'invitation', invitation.accepted; the invitation closes as
-- accepted when its last use is taken. Returns the membership.
create or replace function identity.use_invitation(p_invitation identity.invitations, p_user_id uuid)
returns identity.memberships
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_membership identity.memberships;
  v_already boolean;
begin
  select m.* into v_membership from identity.memberships m
   where m.village_id = p_invitation.village_id and m.user_id = p_user_id
   for update;
  v_already := found;
  if not v_already then
    insert into identity.memberships (village_id, user_id, role)
    values (p_invitation.village_id, p_user_id, p_invitation.role)
    returning * into v_membership;
    update identity.villages v set member_count = v.member_count + 1, updated_at = now()
     where v.id = p_invitation.village_id;
    perform identity.emit_event('identity.membership.added', 1, p_invitation.village_id, p_user_id,
      jsonb_build_object('villageId', p_invitation.village_id, 'userId', p_user_id,
                         'role', v_membership.role, 'via', 'invitation'));
  end if;

  update identity.invitations i
     set uses = i.uses + 1,
         status = case when i.uses + 1 >= i.max_uses then 'accepted' else i.status end,
         closed_at = case when i.uses + 1 >= i.max_uses then now() else i.closed_at end,
         updated_at = now()
   where i.id = p_invitation.id;

  perform identity.emit_event('identity.invitation.accepted', 1, p_invitation.village_id, p_user_id,
    jsonb_build_object('invitationId', p_invitation.id, 'villageId', p_invitation.village_id,
                       'email', p_invitation.email, 'userId', p_user_id, 'role', v_membership.role,
                       'uses', p_invitation.uses + 1, 'maxUses', p_invitation.max_uses,
                       'alreadyMember', v_already));
  return v_membership;
end;
$$;

-- Accept: the outcome ('accepted' or why not, see open_invitation), and on success the membership.
-- Outcomes that change state (a lazily expired invitation) are returned, not raised, so they commit.
create or replace function identity.accept_invitation(p_token_hash bytea, p_user_id uuid)
returns table (outcome text, invitation_id uuid, village_id uuid, user_id uuid, role text,
               created_at timestamptz, updated_at timestamptz)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_email text;
  v_open record;
  v_membership identity.memberships;
begin
  select u.email into v_email from identity.users u where u.id = p_user_id and u.status = 'active';
  if not found then
    return query select 'unknown_user'::text, null::uuid, null::uuid, null::uuid, null::text,
                        null::timestamptz, null::timestamptz;
    return;
  end if;
  select * into v_open from identity.open_invitation(p_token_hash, v_email);
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

-- Decline: closes the invitation as declined and emits invitation.declined. Returns the outcome
-- ('declined' or why not, see open_invitation) and the invitation id.
create or replace function identity.decline_invitation(p_token_hash bytea, p_user_id uuid)
returns table (outcome text, invitation_id uuid)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_email text;
  v_open record;
begin
  select u.email into v_email from identity.users u where u.id = p_user_id and u.status = 'active';
  if not found then
    return query select 'unknown_user'::text, null::uuid;
    return;
  end if;
  select * into v_open from identity.open_invitation(p_token_hash, v_email);
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
-- else this raises the contract code of the reason (not_found, gone, conflict, forbidden) and the
-- whole signup rolls back. Returns the membership.
create or replace function identity.use_signup_invitation(p_user_id uuid, p_token_hash bytea)
returns table (village_id uuid, user_id uuid, role text, created_at timestamptz, updated_at timestamptz)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_email text;
  v_open record;
  v_membership identity.memberships;
begin
  select u.email into v_email from identity.users u where u.id = p_user_id and u.status = 'active';
  select * into v_open from identity.open_invitation(p_token_hash, v_email);
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
  v_membership := identity.use_invitation(v_open.invitation, p_user_id);
  return query select v_membership.village_id, v_membership.user_id, v_membership.role,
                      v_membership.created_at, v_membership.updated_at;
end;
$$;

-- What the invitation email needs, for the notifications service (through identity's internal
-- command): the invitation, its village's name, the inviter's display name, and the salt of the
-- requested token version (the caller derives the token). No row when the invitation is gone.
create or replace function identity.get_invitation_mail(p_invitation_id uuid, p_token_version integer)
returns table (
  invitation_id uuid, village_id uuid, village_name text, email text, role text, message text,
  status text, expires_at timestamptz, inviter_name text, token_version integer, token_status text,
  token_salt bytea
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.id, r.village_id, r.village_name, r.email, r.role, r.message, r.status, r.expires_at,
         u.display_name, t.version, t.status, t.token_salt
    from identity.invitation_result(p_invitation_id) r
    join identity.invitation_tokens t on t.invitation_id = r.id and t.version = p_token_version
    left join identity.users u on u.id = r.invited_by and u.status = 'active';
$$;
