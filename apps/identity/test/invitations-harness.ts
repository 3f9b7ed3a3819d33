import { type Invitation, invitationCreate, invitationMailGet, villageCreateCommand } from '@vv/contracts';
import { type IdentityHarness, type SignedUp, startIdentity } from './identity-harness';

export type InvitationsSuite = ReturnType<typeof invitationsSuite>;

/**
 * Identity alone on real PostgreSQL and NATS, with a village and its owner who invites. Registers the suite's beforeAll/afterAll; the tests read what it set up.
 */
export function invitationsSuite() {
  let h: IdentityHarness;
  let owner: SignedUp;
  let villageId: string;

  beforeAll(async () => {
    h = await startIdentity({ INVITATION_SWEEP_INTERVAL_MS: '200' });
    owner = await h.signup({ displayName: 'Olive Owner' });
    villageId = (
      await h.rpc.call(
        villageCreateCommand,
        { name: 'Maple Street', visibility: 'private' },
        { actor: owner.actor },
      )
    ).id;
  });

  afterAll(async () => {
    await h.t.cleanup();
  });

  const invite = (email: string, extra: Record<string, unknown> = {}): Promise<Invitation> =>
    h.rpc.call(invitationCreate, { villageId, email, ...extra }, { actor: owner.actor });
  /** The token as the mail sender gets it (the internal command notifications calls). */
  const tokenOf = async (invitation: Invitation, tokenVersion = 1): Promise<string> =>
    (await h.rpc.call(invitationMailGet, { invitationId: invitation.id, tokenVersion })).token;
  const outbox = async (type: string): Promise<Array<Record<string, unknown>>> => {
    const { rows } = await h.sql.query<{ data: Record<string, unknown> }>(
      'select data from identity.outbox where type = $1 order by seq',
      [type],
    );
    return rows.map((row) => row.data);
  };
  const roleOf = async (userId: string): Promise<string | undefined> => {
    const { rows } = await h.sql.query<{ role: string }>(
      'select role from identity.memberships where village_id = $1 and user_id = $2',
      [villageId, userId],
    );
    return rows[0]?.role;
  };

  return {
    get h() {
      return h;
    },
    get owner() {
      return owner;
    },
    get villageId() {
      return villageId;
    },
    invite,
    tokenOf,
    outbox,
    roleOf,
  };
}
