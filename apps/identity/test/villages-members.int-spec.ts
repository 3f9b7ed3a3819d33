import { directoryEntry, memberList, meUpdate, villageGet, villageUpdateCommand } from '@vv/contracts';
import { expectCode, type SignedUp } from './identity-harness';
import { villagesMembersSuite, type VillagesMembersSuite } from './villages-members-harness';

/**
 * Identity members: adding, promoting, demoting and removing; the last owner; app roles; the directory.
 */
describe('identity members: roles, last owner, app roles, directory, fixed villages, account deletion', () => {
  const s = villagesMembersSuite();
  let h: VillagesMembersSuite['h'];
  let create: VillagesMembersSuite['create'];
  let add: VillagesMembersSuite['add'];
  let setRole: VillagesMembersSuite['setRole'];
  let remove: VillagesMembersSuite['remove'];
  let putMetadata: VillagesMembersSuite['putMetadata'];
  let outbox: VillagesMembersSuite['outbox'];

  beforeAll(() => {
    ({ h, create, add, setRole, remove, putMetadata, outbox } = s);
  });

  it('adds, promotes, demotes and removes members; only an owner grants owner', async () => {
    const owner = await h.signup();
    const admin = await h.signup();
    const member = await h.signup();
    const village = await create(owner, 'Roles');

    expect(await add(owner, village.id, admin.user.id, 'admin')).toMatchObject({
      role: 'admin',
      userId: admin.user.id,
    });
    await add(admin, village.id, member.user.id);
    await expectCode(add(admin, village.id, member.user.id), 'conflict');
    await expectCode(add(admin, village.id, '01890a5d-ac96-774b-bcce-b302099a8057'), 'not_found');
    await expectCode(add(member, village.id, (await h.signup()).user.id), 'forbidden');
    await expectCode(add(owner, village.id, (await h.signup()).user.id, 'wizard'), 'invalid');

    await expectCode(setRole(admin, village.id, member.user.id, 'owner'), 'forbidden');
    await expectCode(setRole(admin, village.id, owner.user.id, 'member'), 'forbidden');
    await expectCode(remove(admin, village.id, owner.user.id), 'forbidden');
    expect(await setRole(owner, village.id, member.user.id, 'owner')).toMatchObject({ role: 'owner' });
    expect(await setRole(member, village.id, member.user.id, 'member')).toMatchObject({ role: 'member' });

    await remove(admin, village.id, member.user.id);
    await expectCode(remove(admin, village.id, member.user.id), 'not_found');
    await remove(admin, village.id, admin.user.id); // leave
    await expectCode(h.rpc.call(villageGet, { villageId: village.id }, { actor: admin.actor }), 'not_found');
    expect(
      (await h.rpc.call(villageGet, { villageId: village.id }, { actor: owner.actor })).memberCount,
    ).toBe(1);

    const removed = (await outbox('identity.membership.removed')).filter(
      (row) => row.data.villageId === village.id,
    );
    expect(removed.map((row) => [row.data.userId, row.data.reason])).toEqual([
      [member.user.id, 'removed'],
      [admin.user.id, 'left'],
    ]);
    const changed = (await outbox('identity.membership.role_changed')).filter(
      (row) => row.data.villageId === village.id,
    );
    expect(changed.map((row) => row.data)).toEqual([
      { villageId: village.id, userId: member.user.id, role: 'owner', previousRole: 'member' },
      { villageId: village.id, userId: member.user.id, role: 'member', previousRole: 'owner' },
    ]);
  });

  it('keeps the last owner: cannot leave, cannot be demoted', async () => {
    const owner = await h.signup();
    const village = await create(owner, 'Solo');
    await expectCode(remove(owner, village.id, owner.user.id), 'conflict');
    await expectCode(setRole(owner, village.id, owner.user.id, 'admin'), 'conflict');
    expect((await h.rpc.call(villageGet, { villageId: village.id }, { actor: owner.actor })).myRole).toBe(
      'owner',
    );
  });

  it('lets exactly one of two concurrent demotions of the last two owners succeed', async () => {
    for (let round = 0; round < 3; round += 1) {
      const first = await h.signup();
      const second = await h.signup();
      const village = await create(first, `Race ${round}`);
      await add(first, village.id, second.user.id, 'owner');

      const results = await Promise.allSettled([
        setRole(first, village.id, first.user.id, 'admin'),
        setRole(second, village.id, second.user.id, 'admin'),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const { rows } = await h.sql.query(
        `select user_id from identity.memberships where village_id = $1 and role = 'owner'`,
        [village.id],
      );
      expect(rows).toHaveLength(1);
    }
  });

  it('applies a role change from the next request on', async () => {
    const owner = await h.signup();
    const member = await h.signup();
    const village = await create(owner, 'Next request');
    await add(owner, village.id, member.user.id);
    const patch = { villageId: village.id, patch: { description: 'by the member' } };
    await expectCode(h.rpc.call(villageUpdateCommand, patch, { actor: member.actor }), 'forbidden');
    await setRole(owner, village.id, member.user.id, 'admin');
    expect(await h.rpc.call(villageUpdateCommand, patch, { actor: member.actor })).toMatchObject({
      description: 'by the member',
      myRole: 'admin',
    });
    await setRole(owner, village.id, member.user.id, 'member');
    await expectCode(h.rpc.call(villageUpdateCommand, patch, { actor: member.actor }), 'forbidden');
    await remove(owner, village.id, member.user.id);
    await expectCode(h.rpc.call(villageGet, { villageId: village.id }, { actor: member.actor }), 'not_found');
  });

  it('grants an app-defined role (metadata app/roles) its permissions', async () => {
    const owner = await h.signup();
    const doorkeeper = await h.signup();
    const newcomer = await h.signup();
    const village = await create(owner, 'App roles');
    await expectCode(add(owner, village.id, doorkeeper.user.id, 'DOORKEEPER'), 'invalid');

    await putMetadata('roles', { DOORKEEPER: ['members.manage'] });
    await add(owner, village.id, doorkeeper.user.id, 'DOORKEEPER');
    expect(await add(doorkeeper, village.id, newcomer.user.id)).toMatchObject({ role: 'member' });
    await expectCode(
      h.rpc.call(
        villageUpdateCommand,
        { villageId: village.id, patch: { name: 'x' } },
        { actor: doorkeeper.actor },
      ),
      'forbidden',
    );
    // The role loses its grant as soon as the document does.
    await putMetadata('roles', { DOORKEEPER: [] });
    await expectCode(add(doorkeeper, village.id, (await h.signup()).user.id), 'forbidden');
    await h.sql.query(`delete from identity.metadata_documents where scope = 'app' and key = 'roles'`);
  });

  it('lists the directory with each member’s sharing, role filter, name search and keyset pages', async () => {
    const owner = await h.signup({ displayName: 'Dora Directory' });
    const village = await create(owner, 'Directory', 'public');
    const people: SignedUp[] = [];
    for (const name of ['Alice Ash', 'Bert Birch', 'Cleo Cedar', 'Alan Alder']) {
      const person = await h.signup({ displayName: name });
      await add(owner, village.id, person.user.id, name === 'Bert Birch' ? 'admin' : 'member');
      people.push(person);
    }
    const [alice, bert] = people;
    // Alice shares her contact with villagers and her emergency contact with nobody; her email publicly.
    await h.rpc.call(
      meUpdate,
      {
        contact: { phone: '+1 555 0101' },
        emergency: { name: 'Kin' },
        sharing: { email: 'public', contact: 'villagers', emergency: 'private' },
      },
      { actor: alice.actor },
    );

    const all = await h.rpc.call(memberList, { villageId: village.id, limit: 50 }, { actor: bert.actor });
    expect(all.items.map((entry) => entry.profile.displayName)).toEqual([
      'Dora Directory',
      'Alice Ash',
      'Bert Birch',
      'Cleo Cedar',
      'Alan Alder',
    ]);
    all.items.forEach((entry) => expect(directoryEntry.parse(entry)).toEqual(entry));
    const aliceAsVillager = all.items.find((entry) => entry.userId === alice.user.id);
    expect(aliceAsVillager?.profile).toMatchObject({ email: alice.email, contact: { phone: '+1 555 0101' } });
    expect(aliceAsVillager?.profile).not.toHaveProperty('emergency');
    // Bert's own row is shown to him in full (emergency and data included).
    expect(all.items.find((entry) => entry.userId === bert.user.id)?.profile).toHaveProperty('emergency');

    // A signed-in outsider of this public village sees only what is public.
    const stranger = await h.signup();
    const outside = await h.rpc.call(
      memberList,
      { villageId: village.id, q: 'alice' },
      { actor: stranger.actor },
    );
    expect(outside.items).toHaveLength(1);
    expect(outside.items[0].profile).toMatchObject({ email: alice.email });
    expect(outside.items[0].profile).not.toHaveProperty('contact');

    const admins = await h.rpc.call(
      memberList,
      { villageId: village.id, role: 'admin' },
      { actor: bert.actor },
    );
    expect(admins.items.map((entry) => entry.userId)).toEqual([bert.user.id]);
    const al = await h.rpc.call(memberList, { villageId: village.id, q: 'AL' }, { actor: bert.actor });
    expect(al.items.map((entry) => entry.profile.displayName)).toEqual(['Alice Ash', 'Alan Alder']);
    const alder = await h.rpc.call(memberList, { villageId: village.id, q: 'lder' }, { actor: bert.actor });
    expect(alder.items.map((entry) => entry.profile.displayName)).toEqual(['Alan Alder']);

    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.rpc.call(
        memberList,
        { villageId: village.id, limit: 2, cursor },
        { actor: bert.actor },
      );
      paged.push(...page.items.map((entry) => entry.userId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(paged).toEqual(all.items.map((entry) => entry.userId));

    const hidden = await create(owner, 'Hidden directory');
    await expectCode(
      h.rpc.call(memberList, { villageId: hidden.id }, { actor: stranger.actor }),
      'not_found',
    );
  });
});
