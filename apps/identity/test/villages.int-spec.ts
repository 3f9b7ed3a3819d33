import {
  findEvent,
  memberAdd,
  memberRemove,
  memberUpdate,
  membershipGet,
  village as villageSchema,
  villageCreateCommand,
  villageDelete,
  villageGet,
  villageJoin,
  villageList,
  villageUpdateCommand,
  type Village,
  type VillageVisibility,
} from '@vv/contracts';
import { expectCode, startIdentity, type IdentityHarness, type SignedUp } from './identity-harness';

interface OutboxRow {
  type: string;
  version: number;
  village_id: string | null;
  actor_id: string | null;
  data: Record<string, unknown>;
}

describe('identity villages: create, read, update, delete, list, join, membership.get', () => {
  let h: IdentityHarness;
  let owner: SignedUp;
  let outsider: SignedUp;

  beforeAll(async () => {
    h = await startIdentity();
    owner = await h.signup({ displayName: 'Olive Owner' });
    outsider = await h.signup({ displayName: 'Otto Outsider' });
  });

  afterAll(async () => {
    await h.t.cleanup();
  });

  const create = (who: SignedUp, name: string, visibility: VillageVisibility = 'private'): Promise<Village> =>
    h.rpc.call(villageCreateCommand, { name, visibility }, { actor: who.actor });

  const eventsOf = async (villageId: string): Promise<OutboxRow[]> =>
    (
      await h.sql.query<OutboxRow>(
        'select type, version, village_id, actor_id, data from identity.outbox where village_id = $1 order by seq',
        [villageId],
      )
    ).rows;

  it('creates a village whose creator is its owner, with village.created and membership.added', async () => {
    const created = await h.rpc.call(
      villageCreateCommand,
      { name: '  Maple Street ', description: 'Neighbours', visibility: 'private', data: { color: 'red' } },
      { actor: owner.actor },
    );
    expect(villageSchema.parse(created)).toEqual(created);
    expect(created).toMatchObject({
      name: 'Maple Street',
      description: 'Neighbours',
      visibility: 'private',
      fixedKey: null,
      memberCount: 1,
      myRole: 'owner',
      data: { color: 'red' },
    });
    expect(await h.rpc.call(villageGet, { villageId: created.id }, { actor: owner.actor })).toEqual(created);

    const events = await eventsOf(created.id);
    expect(events.map((event) => [event.type, event.data])).toEqual([
      [
        'identity.village.created',
        {
          villageId: created.id,
          name: 'Maple Street',
          visibility: 'private',
          fixedKey: null,
          ownerId: owner.user.id,
          ownerRole: 'owner',
        },
      ],
      [
        'identity.membership.added',
        { villageId: created.id, userId: owner.user.id, role: 'owner', via: 'created' },
      ],
    ]);
    expect(events.every((event) => event.actor_id === owner.user.id)).toBe(true);
  });

  it('hides a private village from outsiders, existence included; shows a public one to anyone signed in', async () => {
    const hidden = await create(owner, 'Hidden');
    const open = await create(owner, 'Open', 'public');
    const missing = '01890a5d-ac96-774b-bcce-b302099a8057';
    for (const villageId of [hidden.id, missing]) {
      await expectCode(h.rpc.call(villageGet, { villageId }, { actor: outsider.actor }), 'not_found');
      await expectCode(h.rpc.call(villageJoin, { villageId }, { actor: outsider.actor }), 'not_found');
      await expectCode(
        h.rpc.call(villageUpdateCommand, { villageId, patch: { name: 'x' } }, { actor: outsider.actor }),
        'not_found',
      );
      await expectCode(h.rpc.call(villageDelete, { villageId }, { actor: outsider.actor }), 'not_found');
      await expectCode(
        h.rpc.call(memberAdd, { villageId, userId: outsider.user.id }, { actor: outsider.actor }),
        'not_found',
      );
    }
    const seen = await h.rpc.call(villageGet, { villageId: open.id }, { actor: outsider.actor });
    expect(seen).toMatchObject({ id: open.id, myRole: null, memberCount: 1 });
    await expectCode(
      h.rpc.call(
        villageUpdateCommand,
        { villageId: open.id, patch: { name: 'x' } },
        { actor: outsider.actor },
      ),
      'forbidden',
    );
    await expectCode(h.rpc.call(villageGet, { villageId: open.id }), 'unauthenticated');
  });

  it('updates the fields given (admin+), emitting village.updated with the changed fields', async () => {
    const created = await create(owner, 'Before');
    const updated = await h.rpc.call(
      villageUpdateCommand,
      { villageId: created.id, patch: { name: 'After', visibility: 'public' } },
      { actor: owner.actor },
    );
    expect(updated).toMatchObject({ name: 'After', visibility: 'public', description: '', myRole: 'owner' });
    // The same values again change nothing and emit nothing.
    await h.rpc.call(
      villageUpdateCommand,
      { villageId: created.id, patch: { name: 'After' } },
      { actor: owner.actor },
    );
    const updates = (await eventsOf(created.id)).filter((event) => event.type === 'identity.village.updated');
    expect(updates.map((event) => event.data)).toEqual([
      { villageId: created.id, changed: ['name', 'visibility'], name: 'After', visibility: 'public' },
    ]);

    // A member may read but not update (village.update is admin+).
    await h.rpc.call(villageJoin, { villageId: created.id }, { actor: outsider.actor });
    await expectCode(
      h.rpc.call(
        villageUpdateCommand,
        { villageId: created.id, patch: { name: 'Nope' } },
        { actor: outsider.actor },
      ),
      'forbidden',
    );
  });

  it('deletes a village (owner only), ending every membership with village_deleted', async () => {
    const created = await create(owner, 'Doomed', 'public');
    const member = await h.signup();
    await h.rpc.call(villageJoin, { villageId: created.id }, { actor: member.actor });
    await h.rpc.call(
      memberUpdate,
      { villageId: created.id, userId: member.user.id, role: 'admin' },
      { actor: owner.actor },
    );
    await expectCode(
      h.rpc.call(villageDelete, { villageId: created.id }, { actor: member.actor }),
      'forbidden',
    );

    await h.rpc.call(villageDelete, { villageId: created.id }, { actor: owner.actor });
    await expectCode(h.rpc.call(villageGet, { villageId: created.id }, { actor: owner.actor }), 'not_found');
    const events = (await eventsOf(created.id)).slice(-3);
    expect(events.map((event) => [event.type, event.data])).toEqual([
      [
        'identity.membership.removed',
        { villageId: created.id, userId: owner.user.id, role: 'owner', reason: 'village_deleted' },
      ],
      [
        'identity.membership.removed',
        { villageId: created.id, userId: member.user.id, role: 'admin', reason: 'village_deleted' },
      ],
      ['identity.village.deleted', { villageId: created.id }],
    ]);
    const { rows } = await h.sql.query('select 1 from identity.memberships where village_id = $1', [
      created.id,
    ]);
    expect(rows).toHaveLength(0);
  });

  it('joins a public village idempotently, counting members', async () => {
    const created = await create(owner, 'Joinable', 'public');
    const joiner = await h.signup();
    const first = await h.rpc.call(villageJoin, { villageId: created.id }, { actor: joiner.actor });
    const again = await h.rpc.call(villageJoin, { villageId: created.id }, { actor: joiner.actor });
    expect(first).toMatchObject({ villageId: created.id, userId: joiner.user.id, role: 'member' });
    expect(again).toEqual(first);
    const seen = await h.rpc.call(villageGet, { villageId: created.id }, { actor: joiner.actor });
    expect(seen).toMatchObject({ memberCount: 2, myRole: 'member' });
    const added = (await eventsOf(created.id)).filter((event) => event.type === 'identity.membership.added');
    expect(added.map((event) => event.data)).toEqual([
      { villageId: created.id, userId: owner.user.id, role: 'owner', via: 'created' },
      { villageId: created.id, userId: joiner.user.id, role: 'member', via: 'joined' },
    ]);
  });

  it('lists my villages and public ones with name search, across keyset pages without duplicates or gaps', async () => {
    const lister = await h.signup();
    const mine: Village[] = [];
    for (let i = 0; i < 7; i += 1)
      mine.push(await create(lister, `Pagination Hamlet ${i}`, i % 2 ? 'public' : 'private'));
    await create(lister, 'Unrelated Place', 'private');

    const collect = async (scope: 'mine' | 'public', q?: string): Promise<Village[]> => {
      const items: Village[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 20; pages += 1) {
        const page = await h.rpc.call(villageList, { scope, q, limit: 2, cursor }, { actor: lister.actor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        items.push(...page.items);
        if (page.nextCursor === null) return items;
        cursor = page.nextCursor;
      }
      throw new Error('too many pages');
    };

    const myHamlets = await collect('mine', 'hamlet');
    expect(myHamlets.map((v) => v.id)).toEqual(mine.map((v) => v.id).reverse());
    expect(myHamlets.every((v) => v.myRole === 'owner')).toBe(true);
    expect((await collect('mine')).map((v) => v.name)).toContain('Unrelated Place');

    const publicHamlets = await collect('public', 'AMLET ');
    expect(publicHamlets.map((v) => v.id)).toEqual(
      mine
        .filter((v) => v.visibility === 'public')
        .map((v) => v.id)
        .reverse(),
    );
    // The outsider sees the same public villages, without a role.
    const seen = await h.rpc.call(
      villageList,
      { scope: 'public', q: 'Pagination' },
      { actor: outsider.actor },
    );
    expect(seen.items.map((v) => [v.id, v.myRole])).toEqual(publicHamlets.map((v) => [v.id, null]));
    // LIKE wildcards in q are plain characters.
    expect((await h.rpc.call(villageList, { scope: 'mine', q: '%' }, { actor: lister.actor })).items).toEqual(
      [],
    );
    await expectCode(
      h.rpc.call(villageList, { scope: 'mine', cursor: 'not-a-cursor' }, { actor: lister.actor }),
      'invalid',
    );
  });

  it('answers membership.get for replicas without an actor', async () => {
    const created = await create(owner, 'Replicated', 'public');
    expect(await h.rpc.call(membershipGet, { villageId: created.id, userId: owner.user.id })).toEqual({
      village: { id: created.id, visibility: 'public' },
      role: 'owner',
    });
    expect(await h.rpc.call(membershipGet, { villageId: created.id, userId: outsider.user.id })).toEqual({
      village: { id: created.id, visibility: 'public' },
      role: null,
    });
    expect(
      await h.rpc.call(membershipGet, {
        villageId: '01890a5d-ac96-774b-bcce-b302099a8057',
        userId: owner.user.id,
      }),
    ).toEqual({ village: null, role: null });
  });

  it('refuses a leave or removal nobody asked for', async () => {
    const created = await create(owner, 'Quiet', 'public');
    await expectCode(
      h.rpc.call(
        memberRemove,
        { villageId: created.id, userId: outsider.user.id },
        { actor: outsider.actor },
      ),
      'not_found',
    );
    await expectCode(
      h.rpc.call(memberRemove, { villageId: created.id, userId: owner.user.id }, { actor: outsider.actor }),
      'forbidden',
    );
  });

  it('emits only events that validate against their contracts', async () => {
    const { rows } = await h.sql.query<OutboxRow>(
      'select type, version, village_id, actor_id, data from identity.outbox',
    );
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const def = findEvent(row.type, row.version);
      expect(def).toBeDefined();
      expect(() => def?.data.parse(row.data)).not.toThrow();
      if (row.type.startsWith('identity.village.') || row.type.startsWith('identity.membership.')) {
        expect(row.village_id).toBe(row.data.villageId);
      }
    }
  });
});
