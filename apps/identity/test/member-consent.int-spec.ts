import {
  invitationAccepted,
  invitationAcceptMine,
  invitationCreate,
  invitationCreated,
  invitationDeclineMine,
  invitationList,
  invitationListMine,
  invitationMailGet,
  invitationRevoke,
  memberAdd,
  memberList,
  meUpdate,
  metadataPut,
  userGet,
  villageCreateCommand,
  type MemberAddResult,
} from '@vv/contracts';
import {
  expectCode,
  startIdentity,
  uniqueEmail,
  type IdentityHarness,
  type SignedUp,
} from './identity-harness';

describe('identity member.add asks for consent', () => {
  let h: IdentityHarness;
  let admin: SignedUp;

  beforeAll(async () => {
    const adminEmail = uniqueEmail('app-admin');
    h = await startIdentity({ APP_ADMIN_EMAILS: adminEmail });
    admin = await h.signup({ email: adminEmail });
  });

  afterAll(async () => {
    await h.t.cleanup();
  });

  const village = async (owner: SignedUp, visibility: 'public' | 'private' = 'private'): Promise<string> =>
    (await h.rpc.call(villageCreateCommand, { name: 'Consent', visibility }, { actor: owner.actor })).id;
  const add = (by: SignedUp, villageId: string, user: SignedUp, role = 'member'): Promise<MemberAddResult> =>
    h.rpc.call(memberAdd, { villageId, userId: user.user.id, role }, { actor: by.actor });
  const invited = async (by: SignedUp, villageId: string, user: SignedUp, role = 'member') => {
    const result = await add(by, villageId, user, role);
    if (result.outcome !== 'invited') throw new Error(`expected an invitation, got ${result.outcome}`);
    return result;
  };
  /** A user who shares a phone number with villagers only. */
  const privateUser = async (): Promise<SignedUp> => {
    const user = await h.signup({ displayName: 'Pat Private' });
    await h.rpc.call(
      meUpdate,
      { contact: { phone: '+49 30 1234567' }, sharing: { contact: 'villagers', email: 'villagers' } },
      { actor: user.actor },
    );
    return user;
  };
  const isMember = async (villageId: string, userId: string): Promise<boolean> => {
    const { rows } = await h.sql.query(
      'select 1 from identity.memberships where village_id = $1 and user_id = $2',
      [villageId, userId],
    );
    return rows.length > 0;
  };
  const outbox = async (type: string, villageId: string): Promise<Array<Record<string, unknown>>> => {
    const { rows } = await h.sql.query<{ data: Record<string, unknown> }>(
      "select data from identity.outbox where type = $1 and data->>'villageId' = $2 order by seq",
      [type, villageId],
    );
    return rows.map((row) => row.data);
  };

  it('invites instead of adding: no membership, and only public fields shown, until the user accepts', async () => {
    const owner = await h.signup();
    const pat = await privateUser();
    const villageId = await village(owner);

    expect(await add(owner, villageId, pat, 'admin')).toMatchObject({ outcome: 'invited' });
    expect(await isMember(villageId, pat.user.id)).toBe(false);
    const seen = await h.rpc.call(userGet, { userId: pat.user.id }, { actor: owner.actor });
    expect(seen).not.toHaveProperty('contact');
    expect(seen).not.toHaveProperty('email');
    const directory = await h.rpc.call(memberList, { villageId, limit: 50 }, { actor: owner.actor });
    expect(directory.items.map((entry) => entry.userId)).toEqual([owner.user.id]);

    const [invitation] = (await h.rpc.call(invitationListMine, { limit: 10 }, { actor: pat.actor })).items;
    expect(invitation).toMatchObject({
      villageId,
      villageName: 'Consent',
      inviteeUserId: pat.user.id,
      email: null,
      role: 'admin',
      status: 'pending',
      invitedBy: owner.user.id,
      maxUses: 1,
    });
    expect(await outbox('identity.membership.added', villageId)).toHaveLength(1); // the owner's
    const created = await outbox('identity.invitation.created', villageId);
    expect(created.map((data) => invitationCreated.data.parse(data))).toEqual([
      expect.objectContaining({ invitationId: invitation.id, email: null, inviteeUserId: pat.user.id }),
    ]);

    const membership = await h.rpc.call(
      invitationAcceptMine,
      { invitationId: invitation.id },
      { actor: pat.actor },
    );
    expect(membership).toMatchObject({ villageId, userId: pat.user.id, role: 'admin' });
    expect(await h.rpc.call(userGet, { userId: pat.user.id }, { actor: owner.actor })).toMatchObject({
      contact: { phone: '+49 30 1234567' },
      email: pat.email,
    });
    expect(await outbox('identity.membership.added', villageId)).toContainEqual({
      villageId,
      userId: pat.user.id,
      role: 'admin',
      via: 'invitation',
    });
    await expectCode(
      h.rpc.call(invitationAcceptMine, { invitationId: invitation.id }, { actor: pat.actor }),
      'conflict',
    );
    const [accepted] = await outbox('identity.invitation.accepted', villageId);
    expect(invitationAccepted.data.parse(accepted)).toMatchObject({ email: null, userId: pat.user.id });
  });

  it('answers with the invitation, never the address of the account it invites', async () => {
    const owner = await h.signup();
    const pat = await privateUser();
    const villageId = await village(owner);

    const result = await invited(owner, villageId, pat);
    expect(result).toMatchObject({ outcome: 'invited', inviteeUserId: pat.user.id, email: null });
    const listed = await h.rpc.call(invitationList, { villageId, limit: 10 }, { actor: owner.actor });
    expect(listed.items).toEqual([expect.objectContaining({ id: result.id, email: null })]);
    const { rows } = await h.sql.query<{ n: number }>(
      "select count(*)::int as n from identity.outbox where data->>'villageId' = $1 and data::text like '%' || $2 || '%'",
      [villageId, pat.email],
    );
    expect(rows[0].n).toBe(0);
    // The invitation email still goes to the account's address (internal, notifications only).
    expect(await h.rpc.call(invitationMailGet, { invitationId: result.id, tokenVersion: 1 })).toMatchObject({
      email: pat.email,
    });
  });

  it('lets the invitee decline by id; one pending invitation per account and village', async () => {
    const owner = await h.signup();
    const pat = await privateUser();
    const villageId = await village(owner);

    const first = await invited(owner, villageId, pat);
    await expectCode(add(owner, villageId, pat), 'conflict');
    const declined = await h.rpc.call(
      invitationDeclineMine,
      { invitationId: first.id },
      { actor: pat.actor },
    );
    expect(declined).toMatchObject({ id: first.id, status: 'declined' });
    expect(await isMember(villageId, pat.user.id)).toBe(false);
    await expectCode(
      h.rpc.call(invitationAcceptMine, { invitationId: first.id }, { actor: pat.actor }),
      'gone',
    );
    expect((await h.rpc.call(invitationListMine, { limit: 10 }, { actor: pat.actor })).items).toEqual([]);

    const second = await invited(owner, villageId, pat);
    expect(second.id).not.toBe(first.id);
  });

  it('answers not_found to anyone but the invitee, and gone for a revoked invitation', async () => {
    const owner = await h.signup();
    const pat = await privateUser();
    const other = await h.signup();
    const villageId = await village(owner);
    const invitation = await invited(owner, villageId, pat);

    for (const caller of [other, owner]) {
      await expectCode(
        h.rpc.call(invitationAcceptMine, { invitationId: invitation.id }, { actor: caller.actor }),
        'not_found',
      );
      await expectCode(
        h.rpc.call(invitationDeclineMine, { invitationId: invitation.id }, { actor: caller.actor }),
        'not_found',
      );
    }
    await expectCode(
      h.rpc.call(
        invitationAcceptMine,
        { invitationId: '01890a5d-ac96-774b-bcce-b302099a8057' },
        { actor: pat.actor },
      ),
      'not_found',
    );
    expect(await isMember(villageId, other.user.id)).toBe(false);

    await h.rpc.call(invitationRevoke, { villageId, invitationId: invitation.id }, { actor: owner.actor });
    await expectCode(
      h.rpc.call(invitationAcceptMine, { invitationId: invitation.id }, { actor: pat.actor }),
      'gone',
    );
  });

  it('accepts by id an invitation sent to my email address as well', async () => {
    const owner = await h.signup();
    const bea = await h.signup();
    const villageId = await village(owner);
    const invitation = await h.rpc.call(
      invitationCreate,
      { villageId, email: bea.email },
      { actor: owner.actor },
    );
    expect(
      await h.rpc.call(invitationAcceptMine, { invitationId: invitation.id }, { actor: bea.actor }),
    ).toMatchObject({ villageId, userId: bea.user.id, role: 'member' });
  });

  it('still adds at once where the app decides membership: an app admin, app/members directAdd', async () => {
    const pat = await privateUser();
    const byAdmin = await add(admin, await village(admin), pat);
    expect(byAdmin).toMatchObject({ outcome: 'added', userId: pat.user.id, role: 'member' });

    const owner = await h.signup();
    const villageId = await village(owner);
    await expectCode(
      h.rpc.call(
        metadataPut,
        { scope: 'app', key: 'members', value: { directAdd: 'yes' } },
        { actor: admin.actor },
      ),
      'invalid',
    );
    await h.rpc.call(
      metadataPut,
      { scope: 'app', key: 'members', value: { directAdd: true } },
      { actor: admin.actor },
    );
    try {
      expect(await add(owner, villageId, pat)).toMatchObject({ outcome: 'added', userId: pat.user.id });
      expect(await isMember(villageId, pat.user.id)).toBe(true);
    } finally {
      await h.rpc.call(
        metadataPut,
        { scope: 'app', key: 'members', value: { directAdd: false } },
        { actor: admin.actor },
      );
    }
    expect((await add(owner, villageId, await h.signup())).outcome).toBe('invited');
  });

  it('still adds at once in a fixed village (declared in app/villages)', async () => {
    const pat = await privateUser(); // signed up before the village exists: not auto-joined
    // In a fixed village (no owner), members manage members when app/roles says so.
    await h.rpc.call(
      metadataPut,
      { scope: 'app', key: 'roles', value: { member: ['members.read', 'members.manage'] } },
      { actor: admin.actor },
    );
    await h.rpc.call(
      metadataPut,
      {
        scope: 'app',
        key: 'villages',
        value: { square: { name: 'Square', visibility: 'private', autoJoin: true } },
      },
      { actor: admin.actor },
    );
    try {
      const insider = await h.signup(); // auto-joins the square
      const { rows } = await h.sql.query<{ id: string }>(
        "select id from identity.villages where fixed_key = 'square'",
      );
      expect(await add(insider, rows[0].id, pat)).toMatchObject({ outcome: 'added', userId: pat.user.id });
    } finally {
      await h.rpc.call(metadataPut, { scope: 'app', key: 'roles', value: {} }, { actor: admin.actor });
    }
  });
});
