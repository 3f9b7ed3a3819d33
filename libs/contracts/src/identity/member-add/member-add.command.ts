import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { invitation } from '../invitation/invitation.schema';
import { membership, roleName } from '../village/village.schema';

/**
 * What adding a user led to: `added`, the membership (a fixed village, an app admin, or metadata
 * `app/members` allowing direct adds); otherwise `invited`, a pending invitation addressed to the
 * account, which its owner accepts or declines in the app (`GET /v1/me/invitations`).
 */
export const memberAddResult = z.discriminatedUnion('outcome', [
  membership.extend({ outcome: z.literal('added') }),
  invitation.extend({ outcome: z.literal('invited') }),
]);
export type MemberAddResult = z.output<typeof memberAddResult>;

export const memberAdd = defineCommand({
  service: 'identity',
  name: 'member.add',
  version: 1,
  summary:
    'Add an existing user to a village (permission members.manage; only an owner grants owner). The user ' +
    'must consent: unless the village is fixed, the caller is an app admin or metadata app/members allows ' +
    'direct adds, the answer is a pending invitation to the account (outcome invited), not a membership',
  request: z.strictObject({ villageId: uuid, userId: uuid, role: roleName.default('member') }),
  response: memberAddResult,
});
