import {
  authSignup,
  invitationAccept,
  invitationCreate,
  invitationDecline,
  invitationList,
  invitationListMine,
  invitationMailGet,
  invitationResend,
  invitationRevoke,
} from '@vv/contracts';
import { addMember, expectCode, PASSWORD, uniqueEmail } from './identity-harness';
import { invitationsSuite, type InvitationsSuite } from './invitations-harness';

/**
 * Identity invitations: revocation, uses, resend, decline, lists, who may invite whom, and signup with
 * a token.
 */
describe('identity invitations', () => {
  const s = invitationsSuite();
  let h: InvitationsSuite['h'];
  let owner: InvitationsSuite['owner'];
  let villageId: InvitationsSuite['villageId'];
  let invite: InvitationsSuite['invite'];
  let tokenOf: InvitationsSuite['tokenOf'];
  let outbox: InvitationsSuite['outbox'];
  let roleOf: InvitationsSuite['roleOf'];

  beforeAll(() => {
    ({ h, owner, villageId, invite, tokenOf, outbox, roleOf } = s);
  });

  it('answers gone for a revoked invitation; revoke emits invitation.revoked', async () => {
    const eve = await h.signup();
    const invitation = await invite(eve.email);
    const token = await tokenOf(invitation);
    const revoked = await h.rpc.call(
      invitationRevoke,
      { villageId, invitationId: invitation.id },
      { actor: owner.actor },
    );
    expect(revoked.status).toBe('revoked');
    await expectCode(h.rpc.call(invitationAccept, { token }, { actor: eve.actor }), 'gone');
    expect(await outbox('identity.invitation.revoked')).toContainEqual(
      expect.objectContaining({ invitationId: invitation.id, revokedBy: owner.user.id }),
    );
  });

  it('counts uses up to maxUses, then answers conflict (409)', async () => {
    const fay = await h.signup();
    const invitation = await invite(fay.email, { maxUses: 2 });
    const token = await tokenOf(invitation);
    await h.rpc.call(invitationAccept, { token }, { actor: fay.actor });
    // Already a member: the membership is answered as it is, and a use is counted.
    const again = await h.rpc.call(invitationAccept, { token }, { actor: fay.actor });
    expect(again.role).toBe('member');
    await expectCode(h.rpc.call(invitationAccept, { token }, { actor: fay.actor }), 'conflict');
    const { rows } = await h.sql.query<{ uses: number; status: string }>(
      'select uses, status from identity.invitations where id = $1',
      [invitation.id],
    );
    expect(rows[0]).toEqual({ uses: 2, status: 'accepted' });
    const added = (await outbox('identity.membership.added')).filter((d) => d.userId === fay.user.id);
    expect(added).toHaveLength(1);
  });

  it('resend: a new token works, the old one answers gone', async () => {
    const gus = await h.signup();
    const invitation = await invite(gus.email);
    const oldToken = await tokenOf(invitation);
    const resent = await h.rpc.call(
      invitationResend,
      { villageId, invitationId: invitation.id },
      { actor: owner.actor },
    );
    expect(resent.status).toBe('pending');
    await expectCode(h.rpc.call(invitationMailGet, { invitationId: invitation.id, tokenVersion: 1 }), 'gone');
    const newToken = await tokenOf(invitation, 2);
    expect(newToken).not.toBe(oldToken);
    expect(await outbox('identity.invitation.resent')).toContainEqual(
      expect.objectContaining({ invitationId: invitation.id, tokenVersion: 2 }),
    );
    await expectCode(h.rpc.call(invitationAccept, { token: oldToken }, { actor: gus.actor }), 'gone');
    await h.rpc.call(invitationAccept, { token: newToken }, { actor: gus.actor });
    expect(await roleOf(gus.user.id)).toBe('member');
  });

  it('decline closes the invitation; its token is dead afterwards', async () => {
    const hal = await h.signup();
    const invitation = await invite(hal.email);
    const token = await tokenOf(invitation);
    const declined = await h.rpc.call(invitationDecline, { token }, { actor: hal.actor });
    expect(declined).toMatchObject({ id: invitation.id, status: 'declined' });
    await expectCode(h.rpc.call(invitationAccept, { token }, { actor: hal.actor }), 'gone');
    expect(await outbox('identity.invitation.declined')).toContainEqual(
      expect.objectContaining({ invitationId: invitation.id, userId: hal.user.id }),
    );
  });

  it('lists a village’s invitations by status with keyset pages, and my pending invitations', async () => {
    const ivy = await h.signup();
    const first = await invite(ivy.email);
    const second = await invite(ivy.email, { role: 'member' });
    const pending = await h.rpc.call(
      invitationList,
      { villageId, status: 'pending', limit: 1 },
      { actor: owner.actor },
    );
    expect(pending.items).toHaveLength(1);
    expect(pending.items[0].id).toBe(second.id);
    const next = await h.rpc.call(
      invitationList,
      { villageId, status: 'pending', limit: 1, cursor: pending.nextCursor! },
      { actor: owner.actor },
    );
    expect(next.items[0].id).toBe(first.id);
    const revoked = await h.rpc.call(
      invitationList,
      { villageId, status: 'revoked' },
      { actor: owner.actor },
    );
    expect(revoked.items.every((item) => item.status === 'revoked')).toBe(true);
    expect(revoked.items.length).toBeGreaterThan(0);

    const mine = await h.rpc.call(invitationListMine, {}, { actor: ivy.actor });
    expect(mine.items.map((item) => item.id)).toEqual([second.id, first.id]);
    expect(mine.items[0].villageName).toBe('Maple Street');
    expect((await h.rpc.call(invitationListMine, {}, { actor: owner.actor })).items).toEqual([]);
  });

  it('needs invitations.manage: a member gets forbidden, an outsider of a private village not_found', async () => {
    const member = await h.signup();
    const outsider = await h.signup();
    await addMember(h, villageId, owner, member, 'member');
    const email = uniqueEmail('perm');
    await expectCode(
      h.rpc.call(invitationCreate, { villageId, email }, { actor: member.actor }),
      'forbidden',
    );
    await expectCode(h.rpc.call(invitationList, { villageId }, { actor: member.actor }), 'forbidden');
    await expectCode(
      h.rpc.call(invitationCreate, { villageId, email }, { actor: outsider.actor }),
      'not_found',
    );
    await expectCode(h.rpc.call(invitationList, { villageId }, { actor: outsider.actor }), 'not_found');
  });

  it('only an owner invites an owner; an unknown role is invalid', async () => {
    const admin = await h.signup();
    await addMember(h, villageId, owner, admin, 'admin');
    const email = uniqueEmail('role');
    await expectCode(
      h.rpc.call(invitationCreate, { villageId, email, role: 'owner' }, { actor: admin.actor }),
      'forbidden',
    );
    await h.rpc.call(invitationCreate, { villageId, email, role: 'admin' }, { actor: admin.actor });
    expect((await invite(email, { role: 'owner' })).role).toBe('owner');
    await expectCode(invite(email, { role: 'Wizard' }), 'invalid');
  });

  it('signup with invitationToken creates the account and the membership at once', async () => {
    const email = uniqueEmail('newbie');
    const invitation = await invite(email);
    const token = await tokenOf(invitation);
    const tokens = await h.rpc.call(authSignup, {
      email,
      password: PASSWORD,
      displayName: 'Newbie',
      invitationToken: token,
    });
    expect(await roleOf(tokens.user.id)).toBe('member');
    await expectCode(
      h.rpc.call(
        invitationAccept,
        { token },
        { actor: { userId: tokens.user.id, sessionId: tokens.user.id } },
      ),
      'conflict',
    );
  });

  it('signup with a token for another address rolls the whole signup back (forbidden)', async () => {
    const invitation = await invite(uniqueEmail('someone'));
    const token = await tokenOf(invitation);
    const email = uniqueEmail('intruder');
    await expectCode(
      h.rpc.call(authSignup, { email, password: PASSWORD, displayName: 'Intruder', invitationToken: token }),
      'forbidden',
    );
    const { rows } = await h.sql.query('select 1 from identity.users where email = $1', [email]);
    expect(rows).toHaveLength(0);
  });
});
