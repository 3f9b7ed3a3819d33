import {
  authSignup,
  directoryEntry,
  findEvent,
  meDelete,
  memberAdd,
  memberList,
  memberRemove,
  memberUpdate,
  meUpdate,
  userGet,
  villageCreateCommand,
  villageDelete,
  villageGet,
  villageJoin,
  villageList,
  villageUpdateCommand,
  type Village,
  type VillageVisibility,
} from '@vv/contracts';
import { createIdentityApp } from '../src/app';
import { FixedVillages } from '../src/villages/fixed-villages.service';
import {
  allowDirectAdds,
  expectCode,
  startIdentity,
  type IdentityHarness,
  type SignedUp,
} from './identity-harness';

interface OutboxRow {
  type: string;
  version: number;
  data: Record<string, unknown>;
}

describe('identity members: roles, last owner, app roles, directory, fixed villages, account deletion', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentity();
    // Membership mechanics, with member.add adding at once (as the app may allow); consent is
    // member-consent.int-spec.ts.
    await allowDirectAdds(h);
  });

  afterAll(async () => {
    await h.t.cleanup();
  });

  const create = (who: SignedUp, name: string, visibility: VillageVisibility = 'private'): Promise<Village> =>
    h.rpc.call(villageCreateCommand, { name, visibility }, { actor: who.actor });
  const add = (who: SignedUp, villageId: string, userId: string, role = 'member') =>
    h.rpc.call(memberAdd, { villageId, userId, role }, { actor: who.actor });
  const setRole = (who: SignedUp, villageId: string, userId: string, role: string) =>
    h.rpc.call(memberUpdate, { villageId, userId, role }, { actor: who.actor });
  const remove = (who: SignedUp, villageId: string, userId: string) =>
    h.rpc.call(memberRemove, { villageId, userId }, { actor: who.actor });
  const putMetadata = async (key: string, value: unknown): Promise<void> => {
    await h.sql.query(
      `insert into identity.metadata_documents (scope, key, value) values ('app', $1, $2)
       on conflict (scope, key) do update set value = excluded.value, version = identity.metadata_documents.version + 1`,
      [key, JSON.stringify(value)],
    );
  };
  const outbox = async (type: string): Promise<OutboxRow[]> =>
    (
      await h.sql.query<OutboxRow>(
        'select type, version, data from identity.outbox where type = $1 order by seq',
        [type],
      )
    ).rows;

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

  it('shows villagers-level profile fields to someone sharing a village (user.get)', async () => {
    const ann = await h.signup();
    const ben = await h.signup();
    await h.rpc.call(meUpdate, { contact: { phone: '+1 555 0202' } }, { actor: ann.actor });
    expect(await h.rpc.call(userGet, { userId: ann.user.id }, { actor: ben.actor })).not.toHaveProperty(
      'contact',
    );
    const village = await create(ann, 'Shared');
    await add(ann, village.id, ben.user.id);
    expect(await h.rpc.call(userGet, { userId: ann.user.id }, { actor: ben.actor })).toMatchObject({
      email: ann.email,
      contact: { phone: '+1 555 0202' },
    });
  });

  it('ends memberships at account deletion, and refuses it to the last owner of a village', async () => {
    const owner = await h.signup();
    const leaving = await h.signup();
    const village = await create(owner, 'Farewell', 'public');
    await h.rpc.call(villageJoin, { villageId: village.id }, { actor: leaving.actor });

    await h.rpc.call(meDelete, {}, { actor: leaving.actor });
    const removed = (await outbox('identity.membership.removed')).filter(
      (row) => row.data.userId === leaving.user.id,
    );
    expect(removed.map((row) => row.data)).toEqual([
      { villageId: village.id, userId: leaving.user.id, role: 'member', reason: 'account_deleted' },
    ]);
    expect(
      (await h.rpc.call(villageGet, { villageId: village.id }, { actor: owner.actor })).memberCount,
    ).toBe(1);

    const refused = await expectCode(h.rpc.call(meDelete, {}, { actor: owner.actor }), 'conflict');
    expect(refused.message).toContain('Farewell');
    await h.rpc.call(villageDelete, { villageId: village.id }, { actor: owner.actor });
    await h.rpc.call(meDelete, {}, { actor: owner.actor });
  });

  it('creates the app’s fixed villages at start, syncs them idempotently, and auto-joins new accounts', async () => {
    await putMetadata('villages', {
      'town-square': { name: 'Town Square', visibility: 'public', autoJoin: true, data: { pinned: true } },
      staff: { name: 'Staff', description: 'Crew', visibility: 'private' },
    });
    // A second replica starting on the same database syncs at bootstrap.
    const replica = h.t.track(await createIdentityApp(h.t.env));
    interface FixedRow {
      id: string;
      fixed_key: string;
      name: string;
      auto_join: boolean;
    }
    const fixed = async (): Promise<FixedRow[]> =>
      (
        await h.sql.query<FixedRow>(
          'select id, fixed_key, name, auto_join from identity.villages where fixed_key is not null order by fixed_key',
        )
      ).rows;
    expect((await fixed()).map((row) => [row.fixed_key, row.name, row.auto_join])).toEqual([
      ['staff', 'Staff', false],
      ['town-square', 'Town Square', true],
    ]);
    const created = (await outbox('identity.village.created')).filter((row) => row.data.fixedKey !== null);
    expect(created.map((row) => [row.data.fixedKey, row.data.ownerId, row.data.ownerRole]).sort()).toEqual([
      ['staff', null, null],
      ['town-square', null, null],
    ]);

    // Restarting (another replica) and syncing again change nothing.
    const before = (await h.sql.query<{ n: number }>('select count(*)::int as n from identity.outbox'))
      .rows[0].n;
    h.t.track(await createIdentityApp(h.t.env));
    expect(await replica.app.get(FixedVillages).sync()).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(
      (await h.sql.query<{ n: number }>('select count(*)::int as n from identity.outbox')).rows[0].n,
    ).toBe(before);

    // A change in the document is an update.
    await putMetadata('villages', {
      'town-square': { name: 'Town Square', visibility: 'public', autoJoin: true, data: { pinned: true } },
      staff: { name: 'Staff Room', description: 'Crew', visibility: 'private' },
    });
    expect(await replica.app.get(FixedVillages).sync()).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect((await outbox('identity.village.updated')).at(-1)?.data).toMatchObject({
      changed: ['name'],
      name: 'Staff Room',
    });

    const [staff, square] = await fixed();
    const newcomer = await h.signup();
    const mine = await h.rpc.call(villageList, { scope: 'mine' }, { actor: newcomer.actor });
    expect(mine.items.map((village) => [village.id, village.fixedKey, village.myRole])).toEqual([
      [square.id, 'town-square', 'member'],
    ]);
    expect((await outbox('identity.membership.added')).at(-1)?.data).toEqual({
      villageId: square.id,
      userId: newcomer.user.id,
      role: 'member',
      via: 'auto_join',
    });
    // Fixed villages are managed in metadata, not by villagers.
    await expectCode(
      h.rpc.call(villageDelete, { villageId: square.id }, { actor: newcomer.actor }),
      'forbidden',
    );
    await expectCode(h.rpc.call(villageGet, { villageId: staff.id }, { actor: newcomer.actor }), 'not_found');
    // A failed signup joins nothing.
    await expectCode(
      h.rpc.call(authSignup, {
        email: newcomer.email,
        password: 'correct horse battery',
        displayName: 'Dup',
      }),
      'email_taken',
    );
    expect(
      (await h.rpc.call(villageGet, { villageId: square.id }, { actor: newcomer.actor })).memberCount,
    ).toBe(1);
  });

  it('emits only events that validate against their contracts', async () => {
    const { rows } = await h.sql.query<OutboxRow>('select type, version, data from identity.outbox');
    for (const row of rows) {
      const def = findEvent(row.type, row.version);
      expect(def).toBeDefined();
      expect(() => def?.data.parse(row.data)).not.toThrow();
    }
  });
});
