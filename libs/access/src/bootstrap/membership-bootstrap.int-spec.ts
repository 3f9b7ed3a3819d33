import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { membershipAdded, membershipRoleChanged, serviceStreamName, villageCreated } from '@vv/contracts';
import { createLogger, ensureServiceStream, Metrics, NatsClientProxy, type Database } from '@vv/platform';
import {
  deleteStreams,
  envelopeOf,
  eventually,
  infrastructure,
  metricValue,
  publishEnvelope,
  publishEvent,
  testSubjectPrefix,
  type TestDatabase,
} from '@vv/testing';
import { IdentityResponder } from '../../test/identity-responder';
import { startReplicaApp } from '../../test/replica-app';
import { replicaDatabase } from '../../test/replica-database';
import { MembershipReplicaConsumer } from '../replica/membership-replica.consumer';
import { ReplicaRepository } from '../replica/replica.repository';

/**
 * The membership replica never depends on identity's stream retention: started empty on a stream
 * whose early events were purged, told to rebuild, or behind the stream, it loads identity's
 * snapshot (a stand-in here, over real NATS) and carries on from the stream.
 */
describe('membership replica bootstrap', () => {
  const logger = createLogger('calendar', process.env.TEST_LOG_LEVEL ?? 'silent');
  const repository = new ReplicaRepository('calendar');
  let database: TestDatabase;
  let db: Database;
  let prefix: string;
  let nc: NatsConnection;
  let rpc: NatsClientProxy;
  let identity: IdentityResponder;
  let running: INestApplicationContext | undefined;
  const villageId = randomUUID();
  const [owner, member, newcomer] = [randomUUID(), randomUUID(), randomUUID()];
  const longAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString();

  const role = async (userId: string) => (await repository.membership(db, villageId, userId)).role;
  const start = async (rebuild: string[] = [], metrics = new Metrics('calendar')) => {
    await running?.close();
    running = await startReplicaApp({ nc, db, rpc, prefix, logger, metrics, rebuild });
    return { consumer: running.get(MembershipReplicaConsumer), metrics };
  };
  const purgeIdentityStream = async () =>
    (await jetstreamManager(nc)).streams.purge(serviceStreamName(prefix, 'identity'));
  const memberItem = (userId: string, memberRole: string) =>
    ({ kind: 'member', villageId, userId, role: memberRole, versionAt: longAgo }) as const;

  beforeAll(async () => {
    ({ database, db } = await replicaDatabase('calendar'));
    prefix = testSubjectPrefix();
    nc = await connect({ servers: (await infrastructure()).natsUrl });
    await ensureServiceStream(nc, prefix, 'identity');
    rpc = new NatsClientProxy({ nc, prefix, metrics: new Metrics('calendar'), defaultTimeoutMs: 2000 });
    identity = new IdentityResponder(nc, prefix);
  });

  afterAll(async () => {
    await running?.close();
    identity.close();
    await db.close();
    await nc.close();
    await deleteStreams(prefix);
    await database.drop();
  });

  it('starts empty on a stream whose early events were purged and knows the old members', async () => {
    const created = {
      villageId,
      name: 'Elm',
      visibility: 'private',
      fixedKey: null,
      ownerId: owner,
      ownerRole: 'owner',
    };
    await publishEvent(nc, prefix, villageCreated, created, { occurredAt: longAgo });
    await publishEvent(
      nc,
      prefix,
      membershipAdded,
      { villageId, userId: member, role: 'member', via: 'added' },
      {
        occurredAt: longAgo,
      },
    );
    await purgeIdentityStream();
    identity.snapshot = [
      { kind: 'app_roles', roles: { treasurer: ['files.manage'] }, documentVersion: 1, versionAt: longAgo },
      { kind: 'village', villageId, visibility: 'private', versionAt: longAgo },
      memberItem(owner, 'owner'),
      memberItem(member, 'member'),
    ];

    const { consumer, metrics } = await start();
    await consumer.bootstrapped();
    expect(await role(owner)).toBe('owner');
    expect(await role(member)).toBe('member');
    expect((await repository.appRoles(db))?.roles).toEqual({ treasurer: ['files.manage'] });
    expect(await metricValue(metrics, 'vv_replica_bootstrap_total', { outcome: 'completed' })).toBe(1);

    // The stream carries on from the snapshot: a newer event applies, an older one changes nothing.
    await publishEvent(nc, prefix, membershipRoleChanged, {
      villageId,
      userId: member,
      role: 'admin',
      previousRole: 'member',
    });
    await eventually(async () => expect(await role(member)).toBe('admin'));
    const stale = envelopeOf(
      membershipAdded,
      { villageId, userId: member, role: 'member', via: 'added' },
      { occurredAt: new Date(Date.parse(longAgo) - 1000) },
    );
    await publishEnvelope(nc, prefix, membershipAdded, stale);
    await eventually(async () =>
      expect(await metricValue(metrics, 'vv_access_replica_changes_total', { outcome: 'stale' })).toBe(1),
    );
    expect(await role(member)).toBe('admin');
  });

  it('does not bootstrap again once done, unless told to: then drops what identity no longer has', async () => {
    const asked = identity.snapshotRequests;
    const again = await start();
    await again.consumer.bootstrapped();
    expect(identity.snapshotRequests).toBe(asked);

    // The member left while this service was away and the removal fell out of the stream.
    identity.snapshot = [
      { kind: 'village', villageId, visibility: 'private', versionAt: longAgo },
      memberItem(owner, 'owner'),
    ];
    const rebuilt = await start(['membership']);
    await rebuilt.consumer.bootstrapped();
    expect(identity.snapshotRequests).toBeGreaterThan(asked);
    expect(await role(member)).toBeNull();
    expect(await role(owner)).toBe('owner');
  });

  it('bootstraps when the stream’s retention dropped events its consumer never got', async () => {
    await running?.close();
    running = undefined;
    await publishEvent(nc, prefix, membershipAdded, {
      villageId,
      userId: newcomer,
      role: 'member',
      via: 'joined',
    });
    // Retention, not a purge (a purge moves the consumers past it): the event ages out unconsumed.
    const jsm = await jetstreamManager(nc);
    const stream = serviceStreamName(prefix, 'identity');
    const { config } = await jsm.streams.info(stream);
    await jsm.streams.update(stream, { ...config, max_age: nanos(500), duplicate_window: nanos(500) });
    await eventually(async () => expect((await jsm.streams.info(stream)).state.messages).toBe(0), 15_000);
    await jsm.streams.update(stream, config);
    identity.snapshot = [...identity.snapshot, memberItem(newcomer, 'member')];

    const { consumer } = await start();
    await consumer.bootstrapped();
    expect(await role(newcomer)).toBe('member');
  });
});
