import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { isoTimestamp, uuid } from '../../common/schemas';

/** Why a session ended: the user logged out, a rotated refresh token was used again, the account was deleted. */
export const SESSION_END_REASONS = ['logout', 'token_reuse', 'account_deleted'] as const;
export const sessionEndReason = z.enum(SESSION_END_REASONS);

export const sessionRevoked = defineEvent({
  service: 'identity',
  name: 'session.revoked',
  version: 1,
  summary:
    'A session ended (logout, refresh-token reuse, account deletion): emitted once per session, in the ' +
    'transaction that ends it. Its access tokens are no longer a caller: the gateway refuses them until ' +
    '`accessTokensExpireBy` and closes its streams',
  data: z.object({
    userId: uuid,
    sessionId: uuid,
    reason: sessionEndReason,
    /**
     * By then every access token of the session has expired (the end, plus the tokens' lifetime,
     * plus a minute's margin): keep the session on a denylist until this time. Absent from events
     * emitted before it was added.
     */
    accessTokensExpireBy: isoTimestamp.optional(),
  }),
});
