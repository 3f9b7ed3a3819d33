import {
  findEvent,
  invitationAccept,
  invitationDecline,
  invitationList,
  invitationMailGet,
  invitationResend,
  invitationRevoke,
  villageCreateCommand,
} from '@vv/contracts';
import { eventually } from '@vv/testing';
import { expectCode, uniqueEmail } from './identity-harness';
import { invitationsSuite, type InvitationsSuite } from './invitations-harness';

/**
 * Identity invitations: accepting, hashed tokens, the invitee's account, other addresses, expiry
 * (lazy and swept), invitations of another village.
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
});
