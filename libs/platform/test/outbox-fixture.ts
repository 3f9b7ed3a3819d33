import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventSubject, serviceStreamName, type EventEnvelope } from '@vv/contracts';
import {
  createTestDatabase,
  deleteStreams,
  infrastructure,
  testSubjectPrefix,
  type TestDatabase,
} from '@vv/testing';
import { Database } from '../src/db/database';
import { createLogger } from '../src/logging/logger';
import { PLATFORM_SQL_DIR, runMigrations } from '../src/migrations/migration-runner';
import { Metrics } from '../src/ops/metrics';
import { OutboxRelay, type OutboxRelayOptions } from '../src/outbox/outbox-relay';
import { readStream } from './read-stream';
import { sqlSource } from './sql-source';

// A state change that writes its event in the same transaction, as every service's functions do.
const NOTES_SQL = `
create table {{schema}}.notes (id uuid primary key default {{schema}}.uuid_v7(), kind text not null, body text not null);

create or replace function {{schema}}.create_note(p_kind text, p_body text) returns uuid
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id uuid;
begin
  insert into {{schema}}.notes (kind, body) values (p_kind, p_body) returning id into v_id;
  return {{schema}}.emit_event('identity.note.' || p_kind, 1, null, null,
                               jsonb_build_object('noteId', v_id, 'body', p_body));
end;
$$;

-- The set-wise form: many notes, their events in one emit_events, in the order given.
create or replace function {{schema}}.create_notes(p_kind text, p_bodies text[]) returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  return {{schema}}.emit_events('identity.note.' || p_kind, 1,
    array(select null::uuid from unnest(p_bodies)), array(select null::uuid from unnest(p_bodies)),
    array(select jsonb_build_object('body', b) from unnest(p_bodies) with ordinality as x(b, i) order by i));
end;
$$;
`;

export type RelayOptions = Partial<OutboxRelayOptions> & { schema: string };

/** Schemas with the platform's outbox and a `create_note` command, NATS, and relays to start. */
export interface OutboxFixture {
  database: TestDatabase;
  prefix: string;
  /** The identity stream of `prefix`, where every note lands. */
  stream: string;
  nc: NatsConnection;
  db: Database;
  subjectOf(kind: string, prefix?: string): string;
  createNote(schema: string, kind: string, body: string): Promise<string>;
  /** Events only (no rows), written set-wise by emit_events; how many. */
  createNotes(schema: string, kind: string, bodies: string[]): Promise<number>;
  pendingCount(schema: string): Promise<number>;
  /** The envelopes on one note kind's subject, in stream order. */
  published(kind: string, prefix?: string): Promise<Array<EventEnvelope<{ body: string }>>>;
  /** A started relay of `identity` (stopped by close()). */
  startRelay(options: RelayOptions): Promise<OutboxRelay>;
  close(): Promise<void>;
}

export async function createOutboxFixture(schemas: string[]): Promise<OutboxFixture> {
  const logger = createLogger('outbox-test', process.env.TEST_LOG_LEVEL ?? 'silent');
  const database = await createTestDatabase();
  const prefix = testSubjectPrefix();
  const prefixes = new Set([prefix]);
  const nc = await connect({ servers: (await infrastructure()).natsUrl });
  const notes = await sqlSource('notes', { '0001_notes.sql': NOTES_SQL });
  try {
    for (const schema of schemas) {
      await runMigrations({
        databaseUrl: database.url,
        schema,
        sources: [{ name: 'platform', dir: PLATFORM_SQL_DIR }, notes],
      });
    }
  } finally {
    await notes.remove();
  }
  const db = new Database({
    url: database.url,
    poolSize: 20,
    statementTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    applicationName: 'outbox-test',
  });
  await db.connect();
  const relays: OutboxRelay[] = [];
  const subjectOf = (kind: string, at = prefix): string =>
    eventSubject(at, { service: 'identity', name: `note.${kind}`, version: 1 });

  return {
    database,
    prefix,
    stream: serviceStreamName(prefix, 'identity'),
    nc,
    db,
    subjectOf,
    createNote: async (schema, kind, body) =>
      (await db.one<{ createNote: string }>(`${schema}.create_note`, { kind, body })).createNote,
    createNotes: async (schema, kind, bodies) =>
      (await db.one<{ createNotes: number }>(`${schema}.create_notes`, { kind, bodies })).createNotes,
    pendingCount: async (schema) =>
      Number(
        (await db.one<{ countPendingOutbox: string }>(`${schema}.count_pending_outbox`)).countPendingOutbox,
      ),
    published: async (kind, at = prefix) =>
      (await readStream(nc, serviceStreamName(at, 'identity'), subjectOf(kind, at))).map(
        (message) => message.json() as EventEnvelope<{ body: string }>,
      ),
    startRelay: async (options) => {
      prefixes.add(options.prefix ?? prefix);
      const relay = new OutboxRelay({
        db,
        databaseUrl: database.url,
        service: 'identity',
        nc,
        prefix,
        logger,
        metrics: new Metrics('identity'),
        pollIntervalMs: 100,
        ...options,
      });
      relays.push(relay);
      await relay.start();
      return relay;
    },
    close: async () => {
      for (const relay of relays) await relay.stop();
      await db.close();
      await nc.close();
      for (const each of prefixes) await deleteStreams(each);
      await database.drop();
    },
  };
}
