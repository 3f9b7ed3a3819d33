import { randomUUID } from 'node:crypto';
import {
  membershipAdded,
  membershipRemoved,
  membershipRoleChanged,
  userRegistered,
  villageCreated,
  villageDeleted,
  villageUpdated,
  type EventDefinition,
  type EventEnvelope,
} from '@vv/contracts';
import { eventually } from '@vv/testing';
import { membershipReplicaSuite } from '../../test/membership-replica-harness';

/** How the replica applies identity's events: in any order, once, the newest winning. */
describe('membership replica: events', () => {
  const s = membershipReplicaSuite();
  const { emit, envelope, publish, replica, handled, changes, newAccess, createVillage } = s;

  it('follows a membership through add, role change and removal', async () => {
    const { villageId } = await createVillage();
    const userId = randomUUID();
    await emit(membershipAdded, { villageId, userId, role: 'member', via: 'added' });
    await eventually(async () => expect((await replica(villageId, userId)).role).toBe('member'));
    await emit(membershipRoleChanged, { villageId, userId, role: 'admin', previousRole: 'member' });
    await eventually(async () => expect((await replica(villageId, userId)).role).toBe('admin'));
    await emit(membershipRemoved, { villageId, userId, role: 'admin', reason: 'removed' });
    await eventually(async () =>
      expect(await replica(villageId, userId)).toMatchObject({ memberKnown: true, role: null }),
    );
    expect(await replica(villageId, userId)).toMatchObject({ villageKnown: true, visibility: 'private' });
  });

  it('follows visibility changes and a deletion of the village', async () => {
    const { villageId, ownerId } = await createVillage('private');
    await emit(villageUpdated, {
      villageId,
      changed: ['visibility'],
      name: 'Elm Street',
      visibility: 'public',
    });
    await eventually(async () => expect((await replica(villageId, ownerId)).visibility).toBe('public'));
    await emit(villageDeleted, { villageId });
    await eventually(async () => expect((await replica(villageId, ownerId)).villageDeleted).toBe(true));
    expect(await newAccess().facts(villageId, ownerId)).toEqual({ village: null, role: null });
  });

  it('changes nothing when an event is delivered again, even after a newer one', async () => {
    const { villageId } = await createVillage();
    const userId = randomUUID();
    const added = await emit(membershipAdded, { villageId, userId, role: 'member', via: 'added' });
    await emit(membershipRoleChanged, { villageId, userId, role: 'admin', previousRole: 'member' });
    await eventually(async () => expect((await replica(villageId, userId)).role).toBe('admin'));
    const duplicates = await handled('duplicate');
    const before = await replica(villageId, userId);
    await publish(membershipAdded, added);
    await eventually(async () => expect(await handled('duplicate')).toBe(duplicates + 1));
    expect(await replica(villageId, userId)).toEqual(before);
  });

  it('ignores an event older than what a row holds: no resurrection after a removal', async () => {
    const { villageId } = await createVillage();
    const userId = randomUUID();
    const addedAt = s.tick();
    const stale = await changes('stale');
    // The removal arrives first (e.g. the add was redelivered after a failure), then the older add.
    await emit(membershipRemoved, { villageId, userId, role: 'member', reason: 'left' });
    await emit(membershipAdded, { villageId, userId, role: 'member', via: 'joined' }, addedAt);
    await eventually(async () => expect(await changes('stale')).toBe(stale + 1));
    expect(await replica(villageId, userId)).toMatchObject({ memberKnown: true, role: null });
    // A later rejoin is newer than the tombstone, so it applies.
    await emit(membershipAdded, { villageId, userId, role: 'member', via: 'joined' });
    await eventually(async () => expect((await replica(villageId, userId)).role).toBe('member'));
  });

  it('keeps a deleted village deleted when its older creation arrives late', async () => {
    const villageId = randomUUID();
    const ownerId = randomUUID();
    const createdAt = s.tick();
    await emit(villageDeleted, { villageId });
    await emit(
      villageCreated,
      { villageId, name: 'Gone', visibility: 'public', fixedKey: null, ownerId, ownerRole: 'owner' },
      createdAt,
    );
    await eventually(async () => expect((await replica(villageId, ownerId)).memberKnown).toBe(true));
    expect(await replica(villageId, ownerId)).toMatchObject({ villageDeleted: true, visibility: null });
    expect(await newAccess().can({ userId: ownerId }, 'village.read', villageId)).toBe(false);
  });

  it('ends in the same state whichever order each pair of events arrives in', async () => {
    /** Publishes in the order given (times as made) and waits until every one is handled. */
    const deliver = async (events: Array<[EventDefinition, EventEnvelope]>): Promise<void> => {
      const before = await handled('ok');
      for (const [def, event] of events) await publish(def, event);
      await eventually(async () => expect(await handled('ok')).toBe(before + events.length));
    };
    type Pair = (villageId: string, userId: string) => Array<[EventDefinition, EventEnvelope]>;
    const created = (villageId: string, visibility = 'private') =>
      envelope(villageCreated, {
        villageId,
        name: 'Elm',
        visibility,
        fixedKey: null,
        ownerId: null,
        ownerRole: null,
      });
    const member = (def: EventDefinition, villageId: string, userId: string, extra: object) =>
      envelope(def, { villageId, userId, ...extra });
    const pairs: Record<string, Pair> = {
      'added, role_changed': (v, u) => [
        [membershipAdded, member(membershipAdded, v, u, { role: 'member', via: 'added' })],
        [
          membershipRoleChanged,
          member(membershipRoleChanged, v, u, { role: 'admin', previousRole: 'member' }),
        ],
      ],
      'added, removed': (v, u) => [
        [membershipAdded, member(membershipAdded, v, u, { role: 'member', via: 'added' })],
        [membershipRemoved, member(membershipRemoved, v, u, { role: 'member', reason: 'left' })],
      ],
      'role_changed, removed': (v, u) => [
        [
          membershipRoleChanged,
          member(membershipRoleChanged, v, u, { role: 'admin', previousRole: 'member' }),
        ],
        [membershipRemoved, member(membershipRemoved, v, u, { role: 'admin', reason: 'removed' })],
      ],
      'created, updated': (v) => [
        [villageCreated, created(v)],
        [
          villageUpdated,
          envelope(villageUpdated, {
            villageId: v,
            changed: ['visibility'],
            name: 'Elm',
            visibility: 'public',
          }),
        ],
      ],
      'created, deleted': (v) => [
        [villageCreated, created(v, 'public')],
        [villageDeleted, envelope(villageDeleted, { villageId: v })],
      ],
    };
    for (const [name, pair] of Object.entries(pairs)) {
      const [inOrder, reversed] = [randomUUID(), randomUUID()];
      const userId = randomUUID();
      await deliver(pair(inOrder, userId));
      await deliver(pair(reversed, userId).reverse());
      const state = async (villageId: string) => {
        const { villageDeleted: deleted, visibility, role } = await replica(villageId, userId);
        // A deleted village's last visibility decides nothing.
        return { deleted, visibility: deleted ? null : visibility, role };
      };
      expect({ pair: name, ...(await state(reversed)) }).toEqual({ pair: name, ...(await state(inOrder)) });
    }
  });

  it("ignores identity's other events", async () => {
    const ok = await handled('ok');
    await emit(userRegistered, { userId: randomUUID(), email: 'a@example.com', displayName: 'A' });
    await eventually(async () => expect(await handled('ok')).toBe(ok + 1));
    expect(await handled('dead_letter')).toBe(0);
  });
});
