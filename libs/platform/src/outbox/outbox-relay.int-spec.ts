import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventSubject, serviceStreamName, type EventEnvelope } from '@vv/contracts';
import {
  createTestDatabase,
  deleteStreams,
  eventually,
  infrastructure,
  metricValue,
  testSubjectPrefix,
  type TestDatabase,
} from '@vv/testing';
import { Client } from 'pg';
import { readStream } from '../../test/read-stream';
import { sqlSource } from '../../test/sql-source';
import { Database } from '../db/database';
import { createLogger } from '../logging/logger';
import { PLATFORM_SQL_DIR, runMigrations } from '../migrations/migration-runner';
import { Metrics } from '../ops/metrics';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';

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
`;

describe('OutboxRelay', () => {
  const logger = createLogger('outbox-test', process.env.TEST_LOG_LEVEL ?? 'silent');
  let database: TestDatabase;
  let prefix: string;
  let nc: NatsConnection;
  let db: Database;
  let stream: string;
  const relays: OutboxRelay[] = [];

  const subjectOf = (kind: string): string =>
    eventSubject(prefix, { service: 'identity', name: `note.${kind}`, version: 1 });
  const createNote = async (schema: string, kind: string, body: string): Promise<string> =>
    (await db.one<{ createNote: string }>(`${schema}.create_note`, { kind, body })).createNote;
  const pendingCount = async (schema: string): Promise<number> =>
    Number(
      (await db.one<{ countPendingOutbox: string }>(`${schema}.count_pending_outbox`)).countPendingOutbox,
    );
  const startRelay = async (
    options: Partial<OutboxRelayOptions> & { schema: string },
  ): Promise<OutboxRelay> => {
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
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    prefix = testSubjectPrefix();
    stream = serviceStreamName(prefix, 'identity');
    nc = await connect({ servers: (await infrastructure()).natsUrl });
    const notes = await sqlSource('notes', { '0001_notes.sql': NOTES_SQL });
    try {
      for (const schema of ['identity', 'crash']) {
        await runMigrations({
          databaseUrl: database.url,
          schema,
          sources: [{ name: 'platform', dir: PLATFORM_SQL_DIR }, notes],
        });
      }
    } finally {
      await notes.remove();
    }
    db = new Database({
      url: database.url,
      poolSize: 20,
      statementTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      applicationName: 'outbox-test',
    });
    await db.connect();
  });

  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    await db.close();
    await nc.close();
    await deleteStreams(prefix);
    await database.drop();
  });

  it('publishes a committed change exactly once when the relay dies between publish and mark', async () => {
    // The first relay publishes, then cannot mark the row published (as if it died right there).
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      await pg.query(
        'alter function crash.mark_outbox_published(uuid[]) rename to mark_outbox_published_off',
      );
      const first = await startRelay({ schema: 'crash', leaseMs: 500 });
      const eventId = await createNote('crash', 'crashed', 'published, never marked');
      await eventually(async () =>
        expect(await readStream(nc, stream, subjectOf('crashed'))).toHaveLength(1),
      );
      expect(await pendingCount('crash')).toBe(1);
      await first.stop();

      // A fresh relay finds the row again once the lease has run out, re-publishes it and marks it.
      await pg.query(
        'alter function crash.mark_outbox_published_off(uuid[]) rename to mark_outbox_published',
      );
      const metrics = new Metrics('identity');
      await startRelay({ schema: 'crash', leaseMs: 500, metrics });
      await eventually(async () => expect(await pendingCount('crash')).toBe(0));
      expect(await metricValue(metrics, 'vv_outbox_published_total', { outcome: 'ok' })).toBe(1);

      const messages = await readStream(nc, stream, subjectOf('crashed'));
      expect(messages.map((message) => message.msgId)).toEqual([eventId]);
      expect((messages[0].json() as EventEnvelope).id).toBe(eventId);
    } finally {
      await pg.end();
    }
  });

  describe('with LISTEN/NOTIFY and a 60 s poll', () => {
    let relay: OutboxRelay;

    beforeAll(async () => {
      relay = await startRelay({ schema: 'identity', pollIntervalMs: 60_000 });
    });

    it('publishes nothing for a change that rolled back', async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.call('identity.create_note', { kind: 'maybe', body: 'rolled back' });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const committed = await createNote('identity', 'maybe', 'committed');

      await eventually(async () => expect(await readStream(nc, stream, subjectOf('maybe'))).toHaveLength(1));
      await relay.flush();
      expect(await pendingCount('identity')).toBe(0);
      const messages = await readStream(nc, stream, subjectOf('maybe'));
      expect(messages.map((message) => message.msgId)).toEqual([committed]);
      expect((messages[0].json() as EventEnvelope<{ body: string }>).data.body).toBe('committed');
    });

    it('publishes every one of 1,000 concurrent commands exactly once', async () => {
      const total = 1000;
      const ids: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (next < total) {
            const n = next++;
            ids.push(await createNote('identity', 'bulk', `note ${n}`));
          }
        }),
      );
      expect(new Set(ids).size).toBe(total);

      await eventually(async () => expect(await pendingCount('identity')).toBe(0), 20_000);
      const messages = await readStream(nc, stream, subjectOf('bulk'));
      expect(messages).toHaveLength(total);
      const published = messages.map((message) => (message.json() as EventEnvelope).id);
      expect(new Set(published).size).toBe(total);
      expect([...published].sort()).toEqual([...ids].sort());
      expect(messages.every((message) => message.msgId === (message.json() as EventEnvelope).id)).toBe(true);
    });

    it('publishes a row that commits after a row with a higher seq was published', async () => {
      const held = new Client({ connectionString: database.url });
      await held.connect();
      try {
        await held.query('begin');
        const late = await held.query<{ id: string }>(
          "select identity.create_note('late', 'A, committed last') as id",
        );
        const lateId = late.rows[0].id;
        const earlyId = await createNote('identity', 'late', 'B, committed first');
        await eventually(async () =>
          expect((await readStream(nc, stream, subjectOf('late'))).map((message) => message.msgId)).toEqual([
            earlyId,
          ]),
        );

        await held.query('commit');
        await eventually(async () =>
          expect((await readStream(nc, stream, subjectOf('late'))).map((message) => message.msgId)).toEqual([
            earlyId,
            lateId,
          ]),
        );
        const seqs = await held.query<{ id: string; seq: string }>(
          'select id, seq from identity.outbox where id = any($1)',
          [[lateId, earlyId]],
        );
        const seqOf = new Map(seqs.rows.map((row) => [row.id, Number(row.seq)]));
        expect(seqOf.get(lateId)!).toBeLessThan(seqOf.get(earlyId)!);
      } finally {
        await held.end();
      }
    });

    it('is woken by NOTIFY at commit, long before the next poll', async () => {
      await relay.flush();
      const id = await createNote('identity', 'notified', 'wake up');
      await eventually(
        async () =>
          expect(
            (await readStream(nc, stream, subjectOf('notified'))).map((message) => message.msgId),
          ).toEqual([id]),
        2000,
      );
    });
  });
});
