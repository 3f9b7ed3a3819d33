import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { deadLetterSubject, eventSubject, serviceStreamName, type EventEnvelope } from '@vv/contracts';
import {
  createTestDatabase,
  deleteStreams,
  eventually,
  infrastructure,
  metricValue,
  testSubjectPrefix,
  type TestDatabase,
} from '@vv/testing';
import { readStream } from '../../test/read-stream';
import { sqlSource } from '../../test/sql-source';
import type { SqlCaller } from '../db/database';
import { Database } from '../db/database';
import { createLogger } from '../logging/logger';
import { PLATFORM_SQL_DIR, runMigrations } from '../migrations/migration-runner';
import { ensureServiceStream } from '../outbox/event-stream';
import { Metrics } from '../ops/metrics';
import { DEAD_LETTER_HEADERS, deadLetterStreamName } from './dead-letter';
import { EventConsumer } from './event-consumer';
import type { EventConsumerOptions } from './event-consumer-options';

// The consumer's effect: a row written in the handler's transaction.
const EFFECTS_SQL = `
create table {{schema}}.effects (id bigint generated always as identity primary key, event_id uuid not null, note text not null);

create or replace function {{schema}}.record_effect(p_event_id uuid, p_note text) returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$ insert into {{schema}}.effects (event_id, note) values (p_event_id, p_note); $$;

create or replace function {{schema}}.count_effects(p_event_id uuid) returns integer
language sql stable
set search_path = pg_catalog, pg_temp
as $$ select count(*)::integer from {{schema}}.effects where event_id = p_event_id; $$;
`;

describe('EventConsumer', () => {
  const logger = createLogger('notifications', process.env.TEST_LOG_LEVEL ?? 'silent');
  let database: TestDatabase;
  let prefix: string;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let db: Database;
  let stream: string;
  const consumers: EventConsumer[] = [];

  const subjectOf = (name: string): string => eventSubject(prefix, { service: 'identity', name, version: 1 });
  const envelope = (name: string): EventEnvelope => ({
    id: randomUUID(),
    type: `identity.${name}`,
    version: 1,
    occurredAt: new Date().toISOString(),
    villageId: null,
    actorId: null,
    data: { hello: 'world' },
  });
  const publish = async (name: string, body: EventEnvelope | string, msgID = randomUUID()): Promise<void> => {
    await js.publish(subjectOf(name), typeof body === 'string' ? body : JSON.stringify(body), { msgID });
  };
  const recordEffect = async (event: EventEnvelope, tx: SqlCaller): Promise<void> => {
    await tx.call('notifications.record_effect', { eventId: event.id, note: event.type });
  };
  const effects = async (eventId: string): Promise<number> =>
    (await db.one<{ countEffects: number }>('notifications.count_effects', { eventId })).countEffects;
  const startConsumer = async (
    purpose: string,
    options: Partial<EventConsumerOptions> & Pick<EventConsumerOptions, 'handler'>,
  ): Promise<EventConsumer> => {
    const consumer = new EventConsumer({
      nc,
      db,
      schema: 'notifications',
      service: 'notifications',
      prefix,
      name: `notifications-${purpose}`,
      stream,
      filterSubject: subjectOf(`${purpose}.happened`),
      logger,
      metrics: new Metrics('notifications'),
      ...options,
    });
    consumers.push(consumer);
    await consumer.start();
    return consumer;
  };
  const consumerInfo = async (purpose: string) =>
    (await jetstreamManager(nc)).consumers.info(stream, `notifications-${purpose}`);

  beforeAll(async () => {
    database = await createTestDatabase();
    prefix = testSubjectPrefix();
    nc = await connect({ servers: (await infrastructure()).natsUrl });
    js = jetstream(nc);
    stream = (await ensureServiceStream(nc, prefix, 'identity')).stream;
    expect(stream).toBe(serviceStreamName(prefix, 'identity'));
    const effectsSource = await sqlSource('effects', { '0001_effects.sql': EFFECTS_SQL });
    try {
      await runMigrations({
        databaseUrl: database.url,
        schema: 'notifications',
        sources: [{ name: 'platform', dir: PLATFORM_SQL_DIR }, effectsSource],
      });
    } finally {
      await effectsSource.remove();
    }
    db = new Database({
      url: database.url,
      poolSize: 5,
      statementTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      applicationName: 'consumer-test',
    });
    await db.connect();
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.stop();
    await db.close();
    await nc.close();
    await deleteStreams(prefix);
    await database.drop();
  });

  it('applies a redelivered event only once', async () => {
    const metrics = new Metrics('notifications');
    await startConsumer('twice', { metrics, handler: recordEffect });
    const event = envelope('twice.happened');
    // Two messages for one event (different Nats-Msg-Id, so JetStream keeps both): a redelivery.
    await publish('twice.happened', event);
    await publish('twice.happened', event);

    await eventually(async () =>
      expect(await metricValue(metrics, 'vv_consumer_handled_total', { outcome: 'duplicate' })).toBe(1),
    );
    expect(await metricValue(metrics, 'vv_consumer_handled_total', { outcome: 'ok' })).toBe(1);
    expect(await effects(event.id)).toBe(1);
    await eventually(async () => expect((await consumerInfo('twice')).num_ack_pending).toBe(0));
  });

  it('dead-letters an event whose handler always fails, after exactly maxDeliver attempts', async () => {
    const metrics = new Metrics('notifications');
    let attempts = 0;
    await startConsumer('poison', {
      metrics,
      maxDeliver: 3,
      backoffMs: [50, 50],
      handler: async (event, tx) => {
        attempts++;
        await recordEffect(event, tx);
        throw new Error(`cannot handle\nattempt ${attempts}`);
      },
    });
    const event = envelope('poison.happened');
    await publish('poison.happened', event);

    const dlq = deadLetterSubject(prefix, 'notifications', 'notifications-poison');
    const [letter] = await eventually(async () => {
      const letters = await readStream(nc, deadLetterStreamName(prefix), dlq);
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(attempts).toBe(3);
    expect(letter.json()).toEqual(event);
    expect(letter.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.subject]: subjectOf('poison.happened'),
      [DEAD_LETTER_HEADERS.stream]: stream,
      [DEAD_LETTER_HEADERS.consumer]: 'notifications-poison',
      [DEAD_LETTER_HEADERS.deliveries]: '3',
      [DEAD_LETTER_HEADERS.error]: 'cannot handle attempt 3',
    });
    expect(
      await metricValue(metrics, 'vv_consumer_dead_letters_total', { consumer: 'notifications-poison' }),
    ).toBe(1);
    expect(await metricValue(metrics, 'vv_consumer_handled_total', { outcome: 'retry' })).toBe(2);
    // Each failed attempt rolled back its effect; the message is settled, not waiting for a redelivery.
    expect(await effects(event.id)).toBe(0);
    const info = await consumerInfo('poison');
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
    expect(attempts).toBe(3);
  });

  it('dead-letters a message that is not an event envelope on its first delivery', async () => {
    let calls = 0;
    await startConsumer('garbled', {
      maxDeliver: 5,
      handler: async () => {
        calls++;
        await Promise.resolve();
      },
    });
    await publish('garbled.happened', 'this is not json');
    await publish('garbled.happened', JSON.stringify({ id: 'not-a-uuid' }));

    const letters = await eventually(async () => {
      const found = await readStream(
        nc,
        deadLetterStreamName(prefix),
        deadLetterSubject(prefix, 'notifications', 'notifications-garbled'),
      );
      expect(found).toHaveLength(2);
      return found;
    });
    expect(letters.map((letter) => letter.headers[DEAD_LETTER_HEADERS.deliveries])).toEqual(['1', '1']);
    expect(letters[0].headers[DEAD_LETTER_HEADERS.error]).toMatch(/^unparseable event envelope/);
    expect(new TextDecoder().decode(letters[0].data)).toBe('this is not json');
    expect(calls).toBe(0);
  });

  it('applies the effect once when the handler fails once and then succeeds', async () => {
    let attempts = 0;
    await startConsumer('flaky', {
      maxDeliver: 3,
      backoffMs: [50, 50],
      handler: async (event, tx) => {
        attempts++;
        await recordEffect(event, tx);
        if (attempts === 1) throw new Error('transient');
      },
    });
    const event = envelope('flaky.happened');
    await publish('flaky.happened', event);

    await eventually(async () => expect(await effects(event.id)).toBe(1));
    await eventually(async () => expect((await consumerInfo('flaky')).num_ack_pending).toBe(0));
    expect(attempts).toBe(2);
    expect(await effects(event.id)).toBe(1);
  });

  it('lets stop() wait for the event being handled', async () => {
    let entered!: () => void;
    const handling = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const consumer = await startConsumer('slow', {
      handler: async (event, tx) => {
        entered();
        await gate;
        await recordEffect(event, tx);
      },
    });
    const event = envelope('slow.happened');
    await publish('slow.happened', event);
    await handling;

    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await effects(event.id)).toBe(1);
    await eventually(async () => expect((await consumerInfo('slow')).num_ack_pending).toBe(0));
  });

  it('refuses a consumer name that is not <service>-<purpose>, and too few deliveries for the backoff', () => {
    const base = {
      nc,
      db,
      schema: 'notifications',
      service: 'notifications' as const,
      prefix,
      stream,
      logger,
    };
    const handler = (): Promise<void> => Promise.resolve();
    expect(() => new EventConsumer({ ...base, metrics: new Metrics('n'), name: 'members', handler })).toThrow(
      /<service>-<purpose>/,
    );
    expect(
      () =>
        new EventConsumer({
          ...base,
          metrics: new Metrics('n'),
          name: 'notifications-x',
          maxDeliver: 2,
          backoffMs: [10, 20],
          handler,
        }),
    ).toThrow(/maxDeliver/);
  });
});
