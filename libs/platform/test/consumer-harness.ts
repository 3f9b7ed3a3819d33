import { randomUUID } from 'node:crypto';
import {
  jetstream,
  jetstreamManager,
  type ConsumerInfo,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { deadLetterSubject, eventSubject, type EventEnvelope, type ServiceName } from '@vv/contracts';
import {
  createTestDatabase,
  deleteStreams,
  infrastructure,
  testSubjectPrefix,
  type TestDatabase,
} from '@vv/testing';
import { deadLetterStreamName } from '../src/consumer/dead-letter';
import { EventConsumer } from '../src/consumer/event-consumer';
import type { EventConsumerOptions } from '../src/consumer/event-consumer-options';
import { Database, type SqlCaller } from '../src/db/database';
import { createLogger } from '../src/logging/logger';
import { PLATFORM_SQL_DIR, runMigrations } from '../src/migrations/migration-runner';
import { ensureServiceStream } from '../src/outbox/event-stream';
import { Metrics } from '../src/ops/metrics';
import { readStream, type StoredMessage } from './read-stream';
import { sqlSource } from './sql-source';

// The consumers' effect: a row written in the handler's transaction; and test-only access to the inbox.
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

create or replace function {{schema}}.list_effects(p_note_prefix text) returns table (event_id uuid, note text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$ select e.event_id, e.note from {{schema}}.effects e where e.note like p_note_prefix || '%' order by e.id; $$;

create or replace function {{schema}}.record_inbox(p_consumer text, p_event_id uuid, p_processed_at timestamptz)
returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$ insert into {{schema}}.inbox (consumer, event_id, processed_at) values (p_consumer, p_event_id, p_processed_at); $$;

create or replace function {{schema}}.inbox_event_ids(p_consumer text) returns setof uuid
language sql stable
set search_path = pg_catalog, pg_temp
as $$ select i.event_id from {{schema}}.inbox i where i.consumer = p_consumer; $$;
`;

export type ConsumerTestOptions = Partial<EventConsumerOptions> & Pick<EventConsumerOptions, 'handler'>;

/**
 * What the consumer int-specs share: a database of their own with the platform's SQL and an
 * `effects` table, a NATS connection, identity's stream under a prefix of their own, and consumers
 * `notifications-<purpose>` filtered to `<prefix>.evt.identity.<purpose>.happened.v1`.
 */
export class ConsumerHarness {
  readonly logger = createLogger('notifications', process.env.TEST_LOG_LEVEL ?? 'silent');
  readonly prefix = testSubjectPrefix();
  private readonly consumers: EventConsumer[] = [];

  private constructor(
    readonly database: TestDatabase,
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly db: Database,
  ) {}

  static async start(): Promise<ConsumerHarness> {
    const database = await createTestDatabase();
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
    const db = ConsumerHarness.database(database.url);
    await db.connect();
    const nc = await connect({ servers: (await infrastructure()).natsUrl });
    const harness = new ConsumerHarness(database, nc, jetstream(nc), await jetstreamManager(nc), db);
    await harness.ensureStream('identity');
    return harness;
  }

  /** A pool on `url` (the test database, or a proxy in front of it). */
  static database(url: string, connectTimeoutMs?: number): Database {
    return new Database({
      url,
      poolSize: 5,
      statementTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      connectTimeoutMs,
      applicationName: 'consumer-test',
    });
  }

  async close(): Promise<void> {
    for (const consumer of this.consumers) await consumer.stop();
    await this.db.close();
    await this.nc.close();
    await deleteStreams(this.prefix);
    await this.database.drop();
  }

  async ensureStream(producer: ServiceName): Promise<string> {
    return (await ensureServiceStream(this.nc, this.prefix, producer)).stream;
  }

  subjectOf(name: string, producer: ServiceName = 'identity'): string {
    return eventSubject(this.prefix, { service: producer, name, version: 1 });
  }

  envelope(name: string, data: unknown = { hello: 'world' }): EventEnvelope {
    return {
      id: randomUUID(),
      type: `identity.${name}`,
      version: 1,
      occurredAt: new Date().toISOString(),
      villageId: null,
      actorId: null,
      data,
    };
  }

  /** Publishes on `<prefix>.evt.<producer>.<name>.v1`; a new Nats-Msg-Id each time unless given. */
  async publish(
    name: string,
    body: EventEnvelope | string,
    options: { msgID?: string; producer?: ServiceName } = {},
  ): Promise<void> {
    await this.js.publish(
      this.subjectOf(name, options.producer),
      typeof body === 'string' ? body : JSON.stringify(body),
      { msgID: options.msgID ?? randomUUID() },
    );
  }

  /** The handler of most tests: one effect row, noted with the event's type. */
  readonly recordEffect = async (event: EventEnvelope, tx: SqlCaller): Promise<void> => {
    await tx.call('notifications.record_effect', { eventId: event.id, note: event.type });
  };

  async effects(eventId: string): Promise<number> {
    return (await this.db.one<{ countEffects: number }>('notifications.count_effects', { eventId }))
      .countEffects;
  }

  /** The events whose effect note starts with `notePrefix`, in the order they were applied. */
  async appliedOrder(notePrefix: string): Promise<string[]> {
    const rows = await this.db.call<{ eventId: string }>('notifications.list_effects', { notePrefix });
    return rows.map((row) => row.eventId);
  }

  consumerName(purpose: string): string {
    return `notifications-${purpose}`;
  }

  async startConsumer(purpose: string, options: ConsumerTestOptions): Promise<EventConsumer> {
    const consumer = new EventConsumer({
      nc: this.nc,
      db: this.db,
      schema: 'notifications',
      service: 'notifications',
      prefix: this.prefix,
      name: this.consumerName(purpose),
      stream: await this.ensureStream('identity'),
      filterSubject: this.subjectOf(`${purpose}.happened`),
      logger: this.logger,
      metrics: new Metrics('notifications'),
      ...options,
    });
    this.consumers.push(consumer);
    await consumer.start();
    return consumer;
  }

  async consumerInfo(purpose: string, stream?: string): Promise<ConsumerInfo> {
    return this.jsm.consumers.info(
      stream ?? (await this.ensureStream('identity')),
      this.consumerName(purpose),
    );
  }

  async deadLetters(purpose: string): Promise<StoredMessage[]> {
    return readStream(
      this.nc,
      deadLetterStreamName(this.prefix),
      deadLetterSubject(this.prefix, 'notifications', this.consumerName(purpose)),
    );
  }
}
