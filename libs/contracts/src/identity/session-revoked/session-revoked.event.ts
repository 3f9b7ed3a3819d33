import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';

/** Why a session ended: the user logged out, a rotated refresh token was used again, the account was deleted. */
export const SESSION_END_REASONS = ['logout', 'token_reuse', 'account_deleted'] as const;
export const sessionEndReason = z.enum(SESSION_END_REASONS);

export const sessionRevoked = defineEvent({
  service: 'identity',
  name: 'session.revoked',
  version: 1,
  summary:
    "A session was revoked (logout, refresh-token reuse, account deletion); its access tokens stay valid until they expire, but the gateway closes the session's streams",
  data: z.object({ userId: uuid, sessionId: uuid, reason: sessionEndReason }),
});
