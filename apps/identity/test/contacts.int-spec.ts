import {
  contactDelete,
  contactGet,
  contactList,
  contactUpdate,
  metadataPut,
  villageCreateCommand,
} from '@vv/contracts';
import { addMember, expectCode } from './identity-harness';
import { contactsSuite, MISSING, type ContactsSuite } from './contacts-harness';

/**
 * Directory contacts: CRUD by admins, reads by members and outsiders of public villages, app roles,
 * keyset pages and search.
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
  let appAdminEmail: ContactsSuite['appAdminEmail'];
  let create: ContactsSuite['create'];

  beforeAll(() => {
    ({ h, owner, admin, member, outsider, village, publicVillage, appAdminEmail, create } = s);
  });

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
});
