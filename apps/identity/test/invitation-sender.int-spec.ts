import { createHash } from 'node:crypto';
import {
  authSignup,
  invitationAccept,
  invitationAcceptMine,
  invitationCreate,
  invitationMailGet,
  memberAdd,
  memberRemove,
  memberUpdate,
  villageCreateCommand,
  type Invitation,
} from '@vv/contracts';
import {
  addMember,
  expectCode,
  PASSWORD,
  startIdentity,
  uniqueEmail,
  type IdentityHarness,
  type SignedUp,
} from './identity-harness';

describe("identity invitations stand on their sender's current role", () => {
  let h: IdentityHarness;
  let owner: SignedUp;
  let villageId: string;

  beforeAll(async () => {
    h = await startIdentity();
    owner = await h.signup();
    villageId = (
      await h.rpc.call(
        villageCreateCommand,
        { name: 'Senders', visibility: 'private' },
        { actor: owner.actor },
      )
    ).id;
  });

  afterAll(async () => {
    await h.t.cleanup();
  });

  const tokenOf = async (invitation: Invitation): Promise<string> =>
    (await h.rpc.call(invitationMailGet, { invitationId: invitation.id, tokenVersion: 1 })).token;
  const inviteEmail = (by: SignedUp, email: string, role = 'member'): Promise<Invitation> =>
    h.rpc.call(invitationCreate, { villageId, email, role }, { actor: by.actor });
  const inviteAccount = async (by: SignedUp, user: SignedUp, role = 'member'): Promise<Invitation> => {
    const result = await h.rpc.call(
      memberAdd,
      { villageId, userId: user.user.id, role },
      { actor: by.actor },
    );
    if (result.outcome !== 'invited') throw new Error('expected an invitation');
    return result;
  };
  const memberCount = async (): Promise<number> => {
    const { rows } = await h.sql.query<{ n: number }>(
      'select count(*)::int as n from identity.memberships where village_id = $1',
      [villageId],
    );
    return rows[0].n;
  };

  it("refuses a removed admin's invitations, by token, by id and at signup (gone), and changes nothing", async () => {
    const admin = await h.signup();
    await addMember(h, villageId, owner, admin, 'admin');
    const byEmail = await h.signup();
    const emailInvitation = await inviteEmail(admin, byEmail.email, 'admin');
    const byAccount = await h.signup();
    const accountInvitation = await inviteAccount(admin, byAccount, 'admin');
    const newcomerEmail = uniqueEmail('newcomer');
    const signupInvitation = await inviteEmail(admin, newcomerEmail);

    await h.rpc.call(memberRemove, { villageId, userId: admin.user.id }, { actor: owner.actor });
    const members = await memberCount();

    await expectCode(
      h.rpc.call(invitationAccept, { token: await tokenOf(emailInvitation) }, { actor: byEmail.actor }),
      'gone',
    );
    await expectCode(
      h.rpc.call(invitationAcceptMine, { invitationId: accountInvitation.id }, { actor: byAccount.actor }),
      'gone',
    );
    await expectCode(
      h.rpc.call(authSignup, {
        email: newcomerEmail,
        password: PASSWORD,
        displayName: 'Newcomer',
        invitationToken: await tokenOf(signupInvitation),
      }),
      'gone',
    );
    expect(await memberCount()).toBe(members);
    const { rows } = await h.sql.query('select 1 from identity.users where email = $1', [newcomerEmail]);
    expect(rows).toHaveLength(0);
  });

  it('refuses an invitation whose preset role its demoted sender may no longer give; their others still work', async () => {
    const coOwner = await h.signup();
    await addMember(h, villageId, owner, coOwner, 'owner');
    const heir = await h.signup();
    const asOwner = await inviteEmail(coOwner, heir.email, 'owner');
    const helper = await h.signup();
    const asMember = await inviteAccount(coOwner, helper);

    await h.rpc.call(
      memberUpdate,
      { villageId, userId: coOwner.user.id, role: 'admin' },
      { actor: owner.actor },
    );

    await expectCode(
      h.rpc.call(invitationAccept, { token: await tokenOf(asOwner) }, { actor: heir.actor }),
      'gone',
    );
    expect(
      await h.rpc.call(invitationAcceptMine, { invitationId: asMember.id }, { actor: helper.actor }),
    ).toMatchObject({ villageId, userId: helper.user.id, role: 'member' });
  });

  it('refuses a use decided on a role its sender no longer holds (inviter_changed), and keeps the invitation', async () => {
    const admin = await h.signup();
    await addMember(h, villageId, owner, admin, 'admin');
    const invitee = await h.signup();
    const invitation = await inviteEmail(admin, invitee.email);
    const tokenHash = createHash('sha256')
      .update(await tokenOf(invitation))
      .digest();
    const accept = (inviterRole: string) =>
      h.sql.query<{ outcome: string }>(
        'select outcome from identity.accept_invitation(p_token_hash => $1, p_invitation_id => null, p_user_id => $2, p_inviter_role => $3)',
        [tokenHash, invitee.user.id, inviterRole],
      );

    expect((await accept('owner')).rows).toEqual([{ outcome: 'inviter_changed' }]);
    expect((await accept('admin')).rows).toEqual([{ outcome: 'accepted' }]);
  });
});
