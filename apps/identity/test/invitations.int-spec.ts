import {
  authSignup,
  findEvent,
  invitationAccept,
  invitationCreate,
  invitationDecline,
  invitationList,
  invitationListMine,
  invitationMailGet,
  invitationResend,
  invitationRevoke,
  villageCreateCommand,
  type Invitation,
} from '@vv/contracts';
import { eventually } from '@vv/testing';
import {
  addMember,
  expectCode,
  PASSWORD,
  startIdentity,
  uniqueEmail,
  type IdentityHarness,
  type SignedUp,
} from './identity-harness';

describe('identity invitations', () => {
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

  it('invites an existing user, who accepts: membership, membership.added via invitation, invitation.accepted', async () => {
    const bea = await h.signup({ displayName: 'Bea' });
    const invitation = await invite(bea.email, { role: 'admin', message: 'Welcome!' });
    expect(invitation).toMatchObject({
      villageId,
      villageName: 'Maple Street',
      email: bea.email,
      role: 'admin',
      message: 'Welcome!',
      maxUses: 1,
      uses: 0,
      status: 'pending',
      invitedBy: owner.user.id,
    });
    const ttl = Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt);
    expect(Math.round(ttl / 3_600_000)).toBe(168);

    const token = await tokenOf(invitation);
    const membership = await h.rpc.call(invitationAccept, { token }, { actor: bea.actor });
    expect(membership).toMatchObject({ villageId, userId: bea.user.id, role: 'admin' });
    expect(await roleOf(bea.user.id)).toBe('admin');
    expect(await outbox('identity.membership.added')).toContainEqual({
      villageId,
      userId: bea.user.id,
      role: 'admin',
      via: 'invitation',
    });
    expect(await outbox('identity.invitation.accepted')).toContainEqual(
      expect.objectContaining({ invitationId: invitation.id, userId: bea.user.id, alreadyMember: false }),
    );
    // Single use: used up.
    await expectCode(h.rpc.call(invitationAccept, { token }, { actor: bea.actor }), 'conflict');
    await expectCode(h.rpc.call(invitationMailGet, { invitationId: invitation.id, tokenVersion: 1 }), 'gone');
  });

  it('stores tokens only as sha256 hashes: no table and no event holds one in clear', async () => {
    const email = uniqueEmail('clear');
    const invitation = await invite(email);
    const token = await tokenOf(invitation);
    const { rows: hashed } = await h.sql.query<{ n: number }>(
      "select count(*)::int as n from identity.invitation_tokens where token_hash = sha256(convert_to($1, 'UTF8'))",
      [token],
    );
    expect(hashed[0].n).toBe(1);
    const { rows } = await h.sql.query<{ n: number }>(
      `select ((select count(*) from identity.invitations i where i::text like '%' || $1 || '%')
            + (select count(*) from identity.invitation_tokens t where t::text like '%' || $1 || '%'
                 or encode(t.token_salt, 'escape') like '%' || $1 || '%')
            + (select count(*) from identity.outbox o where o::text like '%' || $1 || '%'))::int as n`,
      [token],
    );
    expect(rows[0].n).toBe(0);
    const [created] = (await outbox('identity.invitation.created')).filter(
      (d) => d.invitationId === invitation.id,
    );
    expect(() => findEvent('identity.invitation.created', 1)!.data.parse(created)).not.toThrow();
    expect(JSON.stringify(created)).not.toContain(token);
  });

  it("names the invitee's account in invitation.created and .resent (null for an address with none)", async () => {
    const dora = await h.signup({ displayName: 'Dora' });
    const known = await invite(dora.email);
    const unknown = await invite(uniqueEmail('nobody'));
    await h.rpc.call(invitationResend, { villageId, invitationId: known.id }, { actor: owner.actor });
    const of = async (type: string, id: string): Promise<Record<string, unknown>> => {
      const [data] = (await outbox(type)).filter((d) => d.invitationId === id);
      expect(() => findEvent(type, 1)!.data.parse(data)).not.toThrow();
      return data;
    };
    expect((await of('identity.invitation.created', known.id)).inviteeUserId).toBe(dora.user.id);
    expect((await of('identity.invitation.resent', known.id)).inviteeUserId).toBe(dora.user.id);
    expect((await of('identity.invitation.created', unknown.id)).inviteeUserId).toBeNull();
  });

  it('refuses a token presented by another address (403), and keeps it usable by its invitee', async () => {
    const cleo = await h.signup();
    const other = await h.signup();
    const invitation = await invite(cleo.email);
    const token = await tokenOf(invitation);
    await expectCode(h.rpc.call(invitationAccept, { token }, { actor: other.actor }), 'forbidden');
    await expectCode(h.rpc.call(invitationDecline, { token }, { actor: other.actor }), 'forbidden');
    expect(await roleOf(other.user.id)).toBeUndefined();
    await h.rpc.call(invitationAccept, { token }, { actor: cleo.actor });
    expect(await roleOf(cleo.user.id)).toBe('member');
  });

  it('answers gone for an expired invitation and emits invitation.expired (lazily, when touched)', async () => {
    const dan = await h.signup();
    const invitation = await invite(dan.email);
    const token = await tokenOf(invitation);
    await h.sql.query(
      "update identity.invitations set created_at = now() - interval '9 days', expires_at = now() - interval '1 day' where id = $1",
      [invitation.id],
    );
    await expectCode(h.rpc.call(invitationAccept, { token }, { actor: dan.actor }), 'gone');
    expect(await outbox('identity.invitation.expired')).toContainEqual(
      expect.objectContaining({ invitationId: invitation.id }),
    );
    expect(await roleOf(dan.user.id)).toBeUndefined();
  });

  it('expires due invitations in the periodic sweep', async () => {
    const invitation = await invite(uniqueEmail('sweep'));
    await h.sql.query(
      "update identity.invitations set created_at = now() - interval '9 days', expires_at = now() - interval '1 second' where id = $1",
      [invitation.id],
    );
    await eventually(async () => {
      const { rows } = await h.sql.query<{ status: string }>(
        'select status from identity.invitations where id = $1',
        [invitation.id],
      );
      expect(rows[0].status).toBe('expired');
    });
    expect(await outbox('identity.invitation.expired')).toContainEqual(
      expect.objectContaining({ invitationId: invitation.id }),
    );
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

  it('answers not_found to revoking or resending an invitation through another village the caller manages', async () => {
    const invitation = await invite(uniqueEmail('elsewhere'));
    const mine = (
      await h.rpc.call(villageCreateCommand, { name: 'Mine', visibility: 'private' }, { actor: owner.actor })
    ).id;
    for (const command of [invitationRevoke, invitationResend]) {
      await expectCode(
        h.rpc.call(command, { villageId: mine, invitationId: invitation.id }, { actor: owner.actor }),
        'not_found',
      );
    }
    expect(
      (await h.rpc.call(invitationList, { villageId, limit: 50 }, { actor: owner.actor })).items.find(
        (item) => item.id === invitation.id,
      ),
    ).toMatchObject({ status: 'pending', uses: 0 });
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
