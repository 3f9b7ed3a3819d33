import { jetstreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { EventEnvelope } from '@vv/contracts';
import { eventually, metricValue } from '@vv/testing';
import { Client } from 'pg';
import { createOutboxFixture, type OutboxFixture } from '../../test/outbox-fixture';
import { readStream } from '../../test/read-stream';
import { Metrics } from '../ops/metrics';
import type { OutboxRelay } from './outbox-relay';

describe('OutboxRelay', () => {
  let f: OutboxFixture;
  let db: OutboxFixture['db'];
  let nc: OutboxFixture['nc'];
  let stream: string;
  const subjectOf = (kind: string): string => f.subjectOf(kind);
  const createNote = (schema: string, kind: string, body: string): Promise<string> =>
    f.createNote(schema, kind, body);
  const pendingCount = (schema: string): Promise<number> => f.pendingCount(schema);

  beforeAll(async () => {
    f = await createOutboxFixture(['identity', 'crash']);
    ({ db, nc, stream } = f);
  });

  afterAll(() => f.close());

  it('publishes a change once when the relay dies between publish and mark, whatever the duplicate window', async () => {
    // A duplicate window far shorter than the time between the two relays: JetStream's de-duplication
    // cannot help, so only the relay's own look at the stream keeps the event from being published twice.
    const windowMs = 100;
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: stream,
      subjects: [`${f.prefix}.evt.identity.>`],
      duplicate_window: nanos(windowMs),
    });
    // The first relay publishes, then cannot mark the row published (as if it died right there).
    const pg = new Client({ connectionString: f.database.url });
    await pg.connect();
    try {
      await pg.query(`
        create function crash.refuse_publish() returns trigger language plpgsql as
          $$ begin raise exception 'the relay died before marking'; end; $$;
        create trigger refuse_publish before update on crash.outbox for each row
          when (old.published_at is null and new.published_at is not null)
          execute function crash.refuse_publish();`);
      const first = await f.startRelay({ schema: 'crash' });
      const eventId = await createNote('crash', 'crashed', 'published, never marked');
      await eventually(async () =>
        expect(await readStream(nc, stream, subjectOf('crashed'))).toHaveLength(1),
      );
      const publishedAt = Date.now();
      expect(await pendingCount('crash')).toBe(1);
      await first.stop();
      await eventually(() => expect(Date.now() - publishedAt).toBeGreaterThan(2 * windowMs));

      // A fresh relay finds the event in the stream, marks it and publishes nothing again.
      await pg.query('drop trigger refuse_publish on crash.outbox');
      const metrics = new Metrics('identity');
      await f.startRelay({ schema: 'crash', metrics });
      await eventually(async () => expect(await pendingCount('crash')).toBe(0));
      expect(await metricValue(metrics, 'vv_outbox_published_total', { outcome: 'ok' })).toBe(0);

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
      relay = await f.startRelay({ schema: 'identity', pollIntervalMs: 60_000 });
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
      const held = new Client({ connectionString: f.database.url });
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
