-- Ending a session is announced: identity.session.revoked (userId, sessionId, reason) is written in
-- the transaction that revokes it — by logout, by the reuse of a rotated refresh token and by
-- account deletion, which all end sessions here. The gateway closes the session's live streams on it.
-- Only a session that was active is announced, so calling this again stays a no-op.
create or replace function identity.end_session(p_session_id uuid, p_reason text) returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_user_id uuid;
begin
  update identity.sessions s
     set status = 'revoked', revoked_reason = p_reason, revoked_at = now(), updated_at = now()
   where s.id = p_session_id and s.status = 'active'
  returning s.user_id into v_user_id;
  update identity.refresh_tokens t
     set status = 'revoked', updated_at = now()
   where t.session_id = p_session_id and t.status = 'active';
  if v_user_id is not null then
    perform identity.emit_event('identity.session.revoked', 1, null, v_user_id,
      jsonb_build_object('userId', v_user_id, 'sessionId', p_session_id, 'reason', p_reason));
  end if;
end;
$$;
