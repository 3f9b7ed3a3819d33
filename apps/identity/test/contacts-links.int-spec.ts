import {
  contactDelete,
  contactGet,
  contactUpdate,
  findEvent,
  meDelete,
  memberRemove,
  memberUpdate,
} from '@vv/contracts';
import { addMember, expectCode } from './identity-harness';
import { contactsSuite, OutboxRow, type ContactsSuite } from './contacts-harness';

/**
 * Directory contacts: former admins, ids of other villages, links to members, and the events emitted.
 */
describe('directory contacts', () => {
  const s = contactsSuite();
  let h: ContactsSuite['h'];
  let owner: ContactsSuite['owner'];
  let admin: ContactsSuite['admin'];
  let member: ContactsSuite['member'];
  let outsider: ContactsSuite['outsider'];
  let village: ContactsSuite['village'];
  let publicVillage: ContactsSuite['publicVillage'];
  let create: ContactsSuite['create'];

  beforeAll(() => {
    ({ h, owner, admin, member, outsider, village, publicVillage, create } = s);
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
