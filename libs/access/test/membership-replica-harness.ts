import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  eventSubject,
  eventType,
  villageCreated,
  type EventDefinition,
  type EventEnvelope,
} from '@vv/contracts';
import { createLogger, type Database, ensureServiceStream, Metrics, NatsClientProxy } from '@vv/platform';
import {
  deleteStreams,
  eventually,
  infrastructure,
  metricValue,
  testSubjectPrefix,
  type TestDatabase,
} from '@vv/testing';
import { Access } from '../src/replica/access';
import type { AccessOptions } from '../src/replica/access-options';
import { ReplicaRepository } from '../src/replica/replica.repository';
import { IdentityResponder } from './identity-responder';
import { startReplicaApp } from './replica-app';
import { replicaDatabase } from './replica-database';

/**
 * A calendar-shaped app following identity's stream with the membership replica, an identity stand-in
 * answering read-throughs, and helpers to publish identity's events: the setup of the
 * membership-replica-*.int-spec files. Call inside a describe (it registers beforeAll/afterAll); the
 * connections are read from the returned object once the suite has started.
 */
export function membershipReplicaSuite() {
  const logger = createLogger('calendar', process.env.TEST_LOG_LEVEL ?? 'silent');
  const metrics = new Metrics('calendar');
  const repository = new ReplicaRepository('calendar');
  const options: AccessOptions = { service: 'calendar' };
  let database: TestDatabase;
  let js: JetStreamClient;
  let app: INestApplicationContext;
  let clock = Date.parse('2030-01-01T00:00:00.000Z');

  const suite = {
    logger,
    metrics,
    repository,
    options,
    db: undefined as unknown as Database,
    nc: undefined as unknown as NatsConnection,
    prefix: '',
    rpc: undefined as unknown as NatsClientProxy,
    identity: undefined as unknown as IdentityResponder,
    /** The next instant of the suite's clock, 10 ms after the last. */
    tick: (): string => new Date((clock += 10)).toISOString(),
    /** An identity-shaped envelope, each later than the one before unless `occurredAt` says otherwise. */
    envelope: (def: EventDefinition, data: unknown, occurredAt?: string): EventEnvelope => ({
      id: randomUUID(),
      type: eventType(def),
      version: def.version,
      occurredAt: occurredAt ?? suite.tick(),
      villageId: (data as { villageId?: string }).villageId ?? null,
      actorId: null,
      data,
    }),
    publish: async (def: EventDefinition, event: EventEnvelope): Promise<void> => {
      // A fresh Nats-Msg-Id each time, so JetStream keeps a second copy: what a redelivery looks like.
      await js.publish(eventSubject(suite.prefix, def), JSON.stringify(event), { msgID: randomUUID() });
    },
    emit: async (def: EventDefinition, data: unknown, occurredAt?: string): Promise<EventEnvelope> => {
      const event = suite.envelope(def, data, occurredAt);
      await suite.publish(def, event);
      return event;
    },
    replica: (villageId: string, userId: string) => repository.membership(suite.db, villageId, userId),
    handled: (outcome: string) =>
      metricValue(metrics, 'vv_consumer_handled_total', { consumer: 'calendar-membership-replica', outcome }),
    changes: (outcome: string) => metricValue(metrics, 'vv_access_replica_changes_total', { outcome }),
    readThroughs: (outcome?: string) =>
      metricValue(metrics, 'vv_access_read_through_total', outcome ? { outcome } : {}),
    newAccess: (extra: Partial<AccessOptions> = {}) =>
      new Access({
        db: suite.db,
        rpc: suite.rpc,
        repository,
        logger,
        metrics,
        options: { ...options, ...extra },
      }),
    createVillage: async (visibility: 'public' | 'private' = 'private') => {
      const villageId = randomUUID();
      const ownerId = randomUUID();
      await suite.emit(villageCreated, {
        villageId,
        name: 'Elm Street',
        visibility,
        fixedKey: null,
        ownerId,
        ownerRole: 'owner',
      });
      await eventually(async () => expect((await suite.replica(villageId, ownerId)).role).toBe('owner'));
      return { villageId, ownerId };
    },
  };

  beforeAll(async () => {
    ({ database, db: suite.db } = await replicaDatabase('calendar'));
    suite.prefix = testSubjectPrefix();
    suite.nc = await connect({ servers: (await infrastructure()).natsUrl });
    js = jetstream(suite.nc);
    await ensureServiceStream(suite.nc, suite.prefix, 'identity');
    suite.rpc = new NatsClientProxy({ nc: suite.nc, prefix: suite.prefix, metrics, defaultTimeoutMs: 2000 });
    suite.identity = new IdentityResponder(suite.nc, suite.prefix);
    suite.identity.appRoles = { treasurer: ['files.manage'] };
    app = await startReplicaApp({
      nc: suite.nc,
      db: suite.db,
      rpc: suite.rpc,
      prefix: suite.prefix,
      logger,
      metrics,
    });
  });

  afterAll(async () => {
    await app.close();
    suite.identity.close();
    await suite.db.close();
    await suite.nc.close();
    await deleteStreams(suite.prefix);
    await database.drop();
  });

  return suite;
}
