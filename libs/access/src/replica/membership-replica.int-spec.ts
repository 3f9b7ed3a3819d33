import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  eventSubject,
  eventType,
  membershipAdded,
  membershipRemoved,
  membershipRoleChanged,
  metadataUpdated,
  userRegistered,
  villageCreated,
  villageDeleted,
  villageUpdated,
  type EventDefinition,
  type EventEnvelope,
} from '@vv/contracts';
import {
  createLogger,
  type Database,
  ensureServiceStream,
  Metrics,
  NatsClientProxy,
  ServiceError,
} from '@vv/platform';
import {
  deleteStreams,
  eventually,
  infrastructure,
  metricValue,
  testSubjectPrefix,
  type TestDatabase,
} from '@vv/testing';
import { IdentityResponder } from '../../test/identity-responder';
import { startReplicaApp } from '../../test/replica-app';
import { replicaDatabase } from '../../test/replica-database';
import { Access } from './access';
import type { AccessOptions } from './access-options';
import { ReplicaRepository } from './replica.repository';

describe('membership replica', () => {
  const logger = createLogger('calendar', process.env.TEST_LOG_LEVEL ?? 'silent');
  const metrics = new Metrics('calendar');
  const repository = new ReplicaRepository('calendar');
  let database: TestDatabase;
  let prefix: string;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let db: Database;
  let rpc: NatsClientProxy;
  let identity: IdentityResponder;
  let app: INestApplicationContext;
  const options: AccessOptions = { service: 'calendar' };
  let clock = Date.parse('2030-01-01T00:00:00.000Z');

  /** An identity-shaped envelope, each later than the one before unless `occurredAt` says otherwise. */
  const envelope = (def: EventDefinition, data: unknown, occurredAt?: string): EventEnvelope => ({
    id: randomUUID(),
    type: eventType(def),
    version: def.version,
    occurredAt: occurredAt ?? new Date((clock += 10)).toISOString(),
    villageId: (data as { villageId?: string }).villageId ?? null,
    actorId: null,
    data,
  });
  const publish = async (def: EventDefinition, event: EventEnvelope): Promise<void> => {
    // A fresh Nats-Msg-Id each time, so JetStream keeps a second copy: what a redelivery looks like.
    await js.publish(eventSubject(prefix, def), JSON.stringify(event), { msgID: randomUUID() });
  };
  const emit = async (def: EventDefinition, data: unknown, occurredAt?: string): Promise<EventEnvelope> => {
    const event = envelope(def, data, occurredAt);
    await publish(def, event);
    return event;
  };
  const replica = (villageId: string, userId: string) => repository.membership(db, villageId, userId);
  const handled = (outcome: string) =>
    metricValue(metrics, 'vv_consumer_handled_total', { consumer: 'calendar-membership-replica', outcome });
  const changes = (outcome: string) => metricValue(metrics, 'vv_access_replica_changes_total', { outcome });
  const readThroughs = (outcome?: string) =>
    metricValue(metrics, 'vv_access_read_through_total', outcome ? { outcome } : {});
  const newAccess = (extra: Partial<AccessOptions> = {}) =>
    new Access({ db, rpc, repository, logger, metrics, options: { ...options, ...extra } });
  const createVillage = async (visibility: 'public' | 'private' = 'private') => {
    const villageId = randomUUID();
    const ownerId = randomUUID();
    await emit(villageCreated, {
      villageId,
      name: 'Elm Street',
      visibility,
      fixedKey: null,
      ownerId,
      ownerRole: 'owner',
    });
    await eventually(async () => expect((await replica(villageId, ownerId)).role).toBe('owner'));
    return { villageId, ownerId };
  };

  beforeAll(async () => {
    ({ database, db } = await replicaDatabase('calendar'));
    prefix = testSubjectPrefix();
    nc = await connect({ servers: (await infrastructure()).natsUrl });
    js = jetstream(nc);
    await ensureServiceStream(nc, prefix, 'identity');
    rpc = new NatsClientProxy({ nc, prefix, metrics, defaultTimeoutMs: 2000 });
    identity = new IdentityResponder(nc, prefix);
    identity.appRoles = { treasurer: ['files.manage'] };
    app = await startReplicaApp({ nc, db, rpc, prefix, logger, metrics });
  });

  afterAll(async () => {
    await app.close();
    identity.close();
    await db.close();
    await nc.close();
    await deleteStreams(prefix);
    await database.drop();
  });

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
    const addedAt = new Date((clock += 10)).toISOString();
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
    const createdAt = new Date((clock += 10)).toISOString();
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

  it('answers a miss by reading through to identity, and stores the answer', async () => {
    const access = newAccess();
    const villageId = randomUUID();
    const userId = randomUUID();
    identity.answer(villageId, userId, { village: { id: villageId, visibility: 'private' }, role: 'member' });
    const asked = identity.membershipRequests;
    expect(await replica(villageId, userId)).toMatchObject({ villageKnown: false, memberKnown: false });

    expect(await access.can({ userId }, 'topics.post', villageId)).toBe(true);
    expect(identity.membershipRequests).toBe(asked + 1);
    expect(await replica(villageId, userId)).toMatchObject({
      villageKnown: true,
      visibility: 'private',
      role: 'member',
    });
    // Answered by the replica from now on.
    expect(await access.roleOf(villageId, userId)).toBe('member');
    await access.assert({ userId }, 'events.create', villageId);
    expect(identity.membershipRequests).toBe(asked + 1);
    // A member whose role lacks the permission is told forbidden, without asking identity.
    await expect(access.assert({ userId }, 'village.delete', villageId)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(identity.membershipRequests).toBe(asked + 1);
  });

  it('does not overwrite an event applied while identity was being asked', async () => {
    const { villageId } = await createVillage();
    const userId = randomUUID();
    const seen = await replica(villageId, userId);
    await emit(membershipAdded, { villageId, userId, role: 'admin', via: 'added' });
    await eventually(async () => expect((await replica(villageId, userId)).role).toBe('admin'));
    const stored = await repository.storeSnapshot(
      db,
      villageId,
      userId,
      { village: { visibility: 'private' }, role: 'member' },
      seen,
    );
    expect(stored).toBe(false);
    expect((await replica(villageId, userId)).role).toBe('admin');
  });

  it('bounds read-throughs for outsiders with a short negative cache, and asks again after it', async () => {
    const access = newAccess({ negativeCacheMs: 400 });
    const { villageId } = await createVillage('private');
    const outsider = randomUUID();
    identity.answer(villageId, outsider, { village: { id: villageId, visibility: 'private' }, role: null });
    const asked = identity.membershipRequests;
    for (let i = 0; i < 5; i++) {
      await expect(access.assert({ userId: outsider }, 'village.read', villageId)).rejects.toMatchObject({
        code: 'not_found',
      });
    }
    expect(identity.membershipRequests).toBe(asked + 1);
    // A village identity does not know either: one question, then the cached refusal.
    const nowhere = randomUUID();
    const results = await Promise.all(
      [1, 2, 3].map(() => access.can({ userId: outsider }, 'village.read', nowhere)),
    );
    expect(results).toEqual([false, false, false]);
    expect(identity.membershipRequests).toBe(asked + 2);
    expect(await readThroughs('cached_refusal')).toBeGreaterThanOrEqual(4);

    await new Promise((resolve) => setTimeout(resolve, 450));
    identity.answer(villageId, outsider, {
      village: { id: villageId, visibility: 'private' },
      role: 'member',
    });
    expect(await access.can({ userId: outsider }, 'village.read', villageId)).toBe(true);
    expect(identity.membershipRequests).toBe(asked + 3);
  });

  it('lets an author change their content only as a current member holding the permission', async () => {
    const access = newAccess();
    const { villageId } = await createVillage('public');
    const userId = randomUUID();
    const rule = { author: true, own: 'topics.post', others: 'topics.moderate' } as const;
    await emit(membershipAdded, { villageId, userId, role: 'member', via: 'added' });
    await eventually(async () => expect((await replica(villageId, userId)).role).toBe('member'));
    await expect(access.assertChange({ userId }, rule, villageId)).resolves.toMatchObject({ role: 'member' });
    await expect(
      access.assertChange({ userId }, { ...rule, author: false }, villageId, 'Moderators only'),
    ).rejects.toMatchObject({ code: 'forbidden', message: 'Moderators only' });

    await emit(membershipRemoved, { villageId, userId, role: 'member', reason: 'removed' });
    await eventually(async () => expect((await replica(villageId, userId)).role).toBeNull());
    identity.answer(villageId, userId, { village: { id: villageId, visibility: 'public' }, role: null });
    // A former member of a public village is an outsider: they may read it, not change what they wrote.
    await expect(access.assertChange({ userId }, rule, villageId)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await access.can({ userId }, 'village.read', villageId)).toBe(true);
  });

  it('lets an outsider read a public village from the replica, without asking identity', async () => {
    const access = newAccess();
    const { villageId } = await createVillage('public');
    const asked = identity.membershipRequests;
    expect(await access.can({ userId: randomUUID() }, 'village.read', villageId)).toBe(true);
    expect(identity.membershipRequests).toBe(asked);
  });

  it('fails with unavailable, not a refusal, when identity cannot be asked', async () => {
    const access = newAccess();
    const silent = new NatsClientProxy({ nc, prefix: `${prefix}x`, metrics, defaultTimeoutMs: 200 });
    const offline = new Access({
      db,
      rpc: silent,
      repository,
      logger,
      metrics,
      options: { ...options, readThroughTimeoutMs: 200 },
    });
    const villageId = randomUUID();
    const error: unknown = await offline.facts(villageId, randomUUID()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toMatch(/^(unavailable|timeout)$/);
    expect(await access.facts(villageId, randomUUID())).toEqual({ village: null, role: null });
  });

  it('grants app roles from app/roles: read from identity once, then kept current by events', async () => {
    const access = newAccess({ appRolesCacheMs: 0 });
    const { villageId } = await createVillage();
    const userId = randomUUID();
    await emit(membershipAdded, { villageId, userId, role: 'treasurer', via: 'added' });
    await eventually(async () => expect((await replica(villageId, userId)).role).toBe('treasurer'));
    expect(await access.can({ userId }, 'files.manage', villageId)).toBe(true);
    expect(identity.metadataRequests).toBe(1);

    await emit(metadataUpdated, {
      scope: 'app',
      key: 'roles',
      version: 2,
      deleted: false,
      value: { treasurer: ['events.manage'] },
      villageId: null,
    });
    await eventually(async () => expect(await access.can({ userId }, 'events.manage', villageId)).toBe(true));
    expect(await access.can({ userId }, 'files.manage', villageId)).toBe(false);
    expect(identity.metadataRequests).toBe(1);
  });
});
