-- Invitation events name the invitee's account when the address already has one
-- (`inviteeUserId`, null otherwise), so notifications can show an existing user the invitation
-- in-app without asking identity. Only invitation.created and invitation.resent build their data
-- with this function; the account is looked up when the event is emitted, in its transaction.

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
    'inviteeUserId', (select u.id from identity.users u
                       where u.email = p_invitation.email and u.status = 'active'));
$$;
