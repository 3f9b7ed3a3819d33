import {
  authSignup,
  findEvent,
  meDelete,
  meUpdate,
  userGet,
  villageDelete,
  villageGet,
  villageJoin,
  villageList,
} from '@vv/contracts';
import { createIdentityApp } from '../src/app';
import { FixedVillages } from '../src/villages/fixed-villages.service';
import { expectCode } from './identity-harness';
import { OutboxRow, villagesMembersSuite, type VillagesMembersSuite } from './villages-members-harness';

/**
 * Identity members: profiles seen by villagers, account deletion, the app's fixed villages, and the
 * events emitted.
 */
describe('identity members: roles, last owner, app roles, directory, fixed villages, account deletion', () => {
  const s = villagesMembersSuite();
  let h: VillagesMembersSuite['h'];
  let create: VillagesMembersSuite['create'];
  let add: VillagesMembersSuite['add'];
  let putMetadata: VillagesMembersSuite['putMetadata'];
  let outbox: VillagesMembersSuite['outbox'];

  beforeAll(() => {
    ({ h, create, add, putMetadata, outbox } = s);
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
