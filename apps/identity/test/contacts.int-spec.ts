import {
  contactCreate,
  contactDelete,
  contactGet,
  contactList,
  contactUpdate,
  findEvent,
  meDelete,
  memberRemove,
  memberUpdate,
  metadataPut,
  villageCreateCommand,
} from '@vv/contracts';
import {
  addMember,
  expectCode,
  startIdentity,
  uniqueEmail,
  type IdentityHarness,
  type SignedUp,
} from './identity-harness';

interface OutboxRow {
  type: string;
  version: number;
  village_id: string | null;
  actor_id: string | null;
  data: Record<string, unknown>;
}

const MISSING = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('directory contacts', () => {
  let h: IdentityHarness;
  let owner: SignedUp;
  let admin: SignedUp;
  let member: SignedUp;
  let outsider: SignedUp;
  let village: string;
  let publicVillage: string;
  const appAdminEmail = uniqueEmail('app-admin');

  beforeAll(async () => {
    h = await startIdentity({ APP_ADMIN_EMAILS: appAdminEmail });
    [owner, admin, member, outsider] = await Promise.all([h.signup(), h.signup(), h.signup(), h.signup()]);
    village = (
      await h.rpc.call(
        villageCreateCommand,
        { name: 'Family', visibility: 'private' },
        { actor: owner.actor },
      )
    ).id;
    publicVillage = (
      await h.rpc.call(villageCreateCommand, { name: 'Street', visibility: 'public' }, { actor: owner.actor })
    ).id;
    for (const villageId of [village, publicVillage]) {
      await addMember(h, villageId, owner, admin, 'admin');
      await addMember(h, villageId, owner, member, 'member');
    }
  });

  afterAll(() => h.t.cleanup());

  const create = (actor: SignedUp, fields: Record<string, unknown>, villageId = village) =>
    h.rpc.call(
      contactCreate,
      { villageId, name: 'Dr Who', kind: 'doctor', ...fields },
      {
        actor: actor.actor,
      },
    );

  it('creates, reads, updates and deletes a contact (admin)', async () => {
    const created = await create(admin, {
      name: 'Dr Ada',
      info: { phone: '+44 20 7946 0000', email: 'Ada@Clinic.example', website: 'https://clinic.example' },
      notes: 'Mondays only',
      data: { color: 'blue' },
    });
    expect(created).toMatchObject({
      villageId: village,
      name: 'Dr Ada',
      kind: 'doctor',
      info: { phone: '+44 20 7946 0000', email: 'ada@clinic.example', website: 'https://clinic.example' },
      notes: 'Mondays only',
      userId: null,
      data: { color: 'blue' },
      createdBy: admin.user.id,
    });
    const read = await h.rpc.call(
      contactGet,
      { villageId: village, contactId: created.id },
      { actor: member.actor },
    );
    expect(read).toEqual(created);

    const updated = await h.rpc.call(
      contactUpdate,
      { villageId: village, contactId: created.id, patch: { notes: 'Mondays and Fridays', kind: 'GP' } },
      { actor: owner.actor },
    );
    expect(updated).toMatchObject({
      id: created.id,
      name: 'Dr Ada',
      kind: 'GP',
      notes: 'Mondays and Fridays',
    });

    await h.rpc.call(contactDelete, { villageId: village, contactId: created.id }, { actor: admin.actor });
    await expectCode(
      h.rpc.call(contactGet, { villageId: village, contactId: created.id }, { actor: admin.actor }),
      'not_found',
    );
    await expectCode(
      h.rpc.call(contactDelete, { villageId: village, contactId: created.id }, { actor: admin.actor }),
      'not_found',
    );
  });

  it('lets members read but not write (forbidden); hides a private village from outsiders (not_found)', async () => {
    const contact = await create(owner, { name: 'School', kind: 'school' });
    await expectCode(create(member, { name: 'Nope' }), 'forbidden');
    await expectCode(
      h.rpc.call(
        contactUpdate,
        { villageId: village, contactId: contact.id, patch: { name: 'X' } },
        { actor: member.actor },
      ),
      'forbidden',
    );
    await expectCode(
      h.rpc.call(contactDelete, { villageId: village, contactId: contact.id }, { actor: member.actor }),
      'forbidden',
    );
    await expectCode(
      h.rpc.call(contactGet, { villageId: village, contactId: contact.id }, { actor: outsider.actor }),
      'not_found',
    );
    await expectCode(
      h.rpc.call(contactList, { villageId: village, limit: 10 }, { actor: outsider.actor }),
      'not_found',
    );
    await expectCode(create(outsider, { name: 'Nope' }), 'not_found');
    await expectCode(
      h.rpc.call(contactList, { villageId: MISSING, limit: 10 }, { actor: owner.actor }),
      'not_found',
    );
  });

  it('lets outsiders read a public village directory but not write it', async () => {
    const contact = await create(owner, { name: 'Baker', kind: 'shop' }, publicVillage);
    expect(
      await h.rpc.call(
        contactGet,
        { villageId: publicVillage, contactId: contact.id },
        { actor: outsider.actor },
      ),
    ).toEqual(contact);
    await expectCode(create(outsider, { name: 'Nope' }, publicVillage), 'forbidden');
  });

  it('grants contacts.manage to an app role that lists it in app/roles', async () => {
    const appAdmin = await h.signup({ email: appAdminEmail });
    await h.rpc.call(
      metadataPut,
      { scope: 'app', key: 'roles', value: { KEEPER: ['members.read'] } },
      { actor: appAdmin.actor },
    );
    const keeper = await h.signup();
    await addMember(h, village, owner, keeper, 'KEEPER');
    await expectCode(create(keeper, { name: 'Before' }), 'forbidden');
    await h.rpc.call(
      metadataPut,
      { scope: 'app', key: 'roles', value: { KEEPER: ['members.read', 'contacts.manage'] } },
      { actor: appAdmin.actor },
    );
    expect(await create(keeper, { name: 'After' })).toMatchObject({
      name: 'After',
      createdBy: keeper.user.id,
    });
  });

  it('pages newest first with a cursor, filters by kind (any case) and searches names', async () => {
    const listVillage = (
      await h.rpc.call(
        villageCreateCommand,
        { name: 'Paging', visibility: 'private' },
        { actor: owner.actor },
      )
    ).id;
    const names = ['Alpha clinic', 'Beta school', 'Gamma clinic', 'Delta 50% plumbing', 'Epsilon clinic'];
    const ids: string[] = [];
    for (const name of names) {
      const kind = name.split(' ').at(-1) === 'clinic' ? 'Doctor' : 'other';
      ids.push((await create(owner, { name, kind }, listVillage)).id);
    }
    const list = (query: Record<string, unknown>) =>
      h.rpc.call(
        contactList,
        { villageId: listVillage, limit: 50, ...query },
        {
          actor: owner.actor,
        },
      );

    const first = await list({ limit: 2 });
    expect(first.items.map((c) => c.name)).toEqual(['Epsilon clinic', 'Delta 50% plumbing']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((c) => c.name)).toEqual(['Gamma clinic', 'Beta school']);
    const third = await list({ limit: 2, cursor: second.nextCursor });
    expect(third.items.map((c) => c.name)).toEqual(['Alpha clinic']);
    expect(third.nextCursor).toBeNull();

    expect((await list({ kind: 'doctor' })).items.map((c) => c.name)).toEqual([
      'Epsilon clinic',
      'Gamma clinic',
      'Alpha clinic',
    ]);
    const doctors = await list({ kind: 'DOCTOR', limit: 1 });
    expect(
      (await list({ kind: 'DOCTOR', limit: 5, cursor: doctors.nextCursor })).items.map((c) => c.name),
    ).toEqual(['Gamma clinic', 'Alpha clinic']);
    expect((await list({ q: 'CLIN', kind: 'doctor', limit: 1 })).items.map((c) => c.name)).toEqual([
      'Epsilon clinic',
    ]);
    expect((await list({ q: '50%' })).items.map((c) => c.name)).toEqual(['Delta 50% plumbing']);
    expect((await list({ q: '%' })).items.map((c) => c.name)).toEqual(['Delta 50% plumbing']);
    await expectCode(list({ cursor: 'not-a-cursor' }), 'invalid');
  });

  it('lets a former admin change none of the contacts they created: demoted forbidden, removed not_found', async () => {
    const former = await h.signup();
    await addMember(h, village, owner, former, 'admin');
    const theirs = await create(former, { name: 'Their dentist' });
    const update = () =>
      h.rpc.call(
        contactUpdate,
        { villageId: village, contactId: theirs.id, patch: { name: 'Changed' } },
        { actor: former.actor },
      );
    const remove = () =>
      h.rpc.call(contactDelete, { villageId: village, contactId: theirs.id }, { actor: former.actor });

    await h.rpc.call(
      memberUpdate,
      { villageId: village, userId: former.user.id, role: 'member' },
      { actor: owner.actor },
    );
    await expectCode(update(), 'forbidden');
    await expectCode(remove(), 'forbidden');
    await h.rpc.call(memberRemove, { villageId: village, userId: former.user.id }, { actor: owner.actor });
    await expectCode(update(), 'not_found');
    await expectCode(remove(), 'not_found');
    expect(
      await h.rpc.call(contactGet, { villageId: village, contactId: theirs.id }, { actor: owner.actor }),
    ).toEqual(theirs);
  });

  it('answers not_found for a contact id of another village', async () => {
    const contact = await create(owner, { name: 'Elsewhere' }, publicVillage);
    await expectCode(
      h.rpc.call(contactGet, { villageId: village, contactId: contact.id }, { actor: owner.actor }),
      'not_found',
    );
    await expectCode(
      h.rpc.call(
        contactUpdate,
        { villageId: village, contactId: contact.id, patch: { name: 'X' } },
        { actor: owner.actor },
      ),
      'not_found',
    );
    await expectCode(
      h.rpc.call(contactDelete, { villageId: village, contactId: contact.id }, { actor: owner.actor }),
      'not_found',
    );
  });

  it('links a contact to a member who joins later, keeps it, and clears the link when the membership ends', async () => {
    const plumber = await h.signup({ displayName: 'Pat Plumber' });
    const contact = await create(admin, { name: 'Pat', kind: 'plumber', notes: 'Fixed the sink in May' });
    const link = (userId: string | null) =>
      h.rpc.call(
        contactUpdate,
        { villageId: village, contactId: contact.id, patch: { userId } },
        { actor: admin.actor },
      );

    await expectCode(link(plumber.user.id), 'invalid');
    await addMember(h, village, owner, plumber, 'member');
    const linked = await link(plumber.user.id);
    expect(linked).toMatchObject({ id: contact.id, userId: plumber.user.id, notes: 'Fixed the sink in May' });

    await h.rpc.call(memberRemove, { villageId: village, userId: plumber.user.id }, { actor: plumber.actor });
    const after = await h.rpc.call(
      contactGet,
      { villageId: village, contactId: contact.id },
      { actor: admin.actor },
    );
    expect(after).toMatchObject({
      id: contact.id,
      userId: null,
      notes: 'Fixed the sink in May',
      createdAt: contact.createdAt,
    });

    // Linked again, then the account is deleted: the link goes, the contact stays.
    await addMember(h, village, owner, plumber, 'member');
    await link(plumber.user.id);
    await h.rpc.call(meDelete, {}, { actor: plumber.actor });
    expect(
      await h.rpc.call(contactGet, { villageId: village, contactId: contact.id }, { actor: admin.actor }),
    ).toMatchObject({ id: contact.id, userId: null });

    // An explicit unlink.
    await link(member.user.id);
    expect(await link(null)).toMatchObject({ userId: null });
  });

  it('links at creation only to a member', async () => {
    await expectCode(create(admin, { name: 'Out', userId: outsider.user.id }), 'invalid');
    expect(await create(admin, { name: 'In', userId: member.user.id })).toMatchObject({
      userId: member.user.id,
    });
  });

  it('emits contact events that match their contracts', async () => {
    await h.sql.query('delete from identity.outbox');
    const contact = await create(admin, { name: 'Evented', kind: 'vet', userId: member.user.id });
    await h.rpc.call(
      contactUpdate,
      { villageId: village, contactId: contact.id, patch: { userId: null, notes: 'n' } },
      { actor: admin.actor },
    );
    await h.rpc.call(
      contactUpdate,
      { villageId: village, contactId: contact.id, patch: { userId: member.user.id } },
      { actor: admin.actor },
    );
    await h.rpc.call(contactDelete, { villageId: village, contactId: contact.id }, { actor: admin.actor });
    const { rows } = await h.sql.query<OutboxRow>(
      "select type, version, village_id, actor_id, data from identity.outbox where type like 'identity.contact.%' order by seq",
    );
    expect(rows.map((row) => row.type)).toEqual([
      'identity.contact.created',
      'identity.contact.linked',
      'identity.contact.updated',
      'identity.contact.updated',
      'identity.contact.linked',
      'identity.contact.deleted',
    ]);
    for (const row of rows) {
      const def = findEvent(row.type, row.version);
      expect(def).toBeDefined();
      expect(() => def!.data.parse(row.data)).not.toThrow();
      expect(row).toMatchObject({ village_id: village, actor_id: admin.user.id });
    }
    expect(rows[2].data).toMatchObject({ contactId: contact.id, userId: null, changed: ['notes', 'userId'] });
    expect(rows[4].data).toEqual({ contactId: contact.id, villageId: village, userId: member.user.id });
    expect(rows[5].data).toEqual({ contactId: contact.id, villageId: village });

    // The unlink when a membership ends is an event too (no actor: the membership change caused it).
    await create(admin, { name: 'Linked', userId: admin.user.id });
    await h.sql.query('delete from identity.outbox');
    await h.rpc.call(memberRemove, { villageId: village, userId: admin.user.id }, { actor: owner.actor });
    const unlinked = await h.sql.query<OutboxRow>(
      "select type, version, village_id, actor_id, data from identity.outbox where type = 'identity.contact.updated'",
    );
    expect(unlinked.rows).toHaveLength(1);
    expect(unlinked.rows[0]).toMatchObject({ actor_id: null, data: { userId: null, changed: ['userId'] } });
    expect(() => findEvent('identity.contact.updated', 1)!.data.parse(unlinked.rows[0].data)).not.toThrow();
  });
});
