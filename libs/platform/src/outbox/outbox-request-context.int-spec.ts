import { Controller, type INestMicroservice } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { headers } from '@nats-io/transport-node';
import { commandSubject, defineCommand, HEADERS, type ParsedRequestOf } from '@vv/contracts';
import { eventually } from '@vv/testing';
import { z } from 'zod';
import { createOutboxFixture, type OutboxFixture } from '../../test/outbox-fixture';
import { EventConsumer } from '../consumer/event-consumer';
import { Database } from '../db/database';
import { createLogger, currentRequestId, withRequestContext } from '../logging/logger';
import { Metrics } from '../ops/metrics';
import { Command } from '../transport/command.decorator';
import { startCommandServer } from '../transport/command-server';
import { NatsClientProxy } from '../transport/nats-client-proxy';
import { NatsTransport } from '../transport/nats-transport';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

const noteCreate = defineCommand({
  service: 'identity',
  name: 'note.create',
  version: 1,
  summary: 'Writes a note (test command)',
  request: z.object({ kind: z.string(), body: z.string() }),
  response: z.object({ id: z.string() }),
});

describe('The request context of an event', () => {
  const logger = createLogger('outbox-test', process.env.TEST_LOG_LEVEL ?? 'silent');
  let f: OutboxFixture;
  let server: INestMicroservice;
  let client: NatsClientProxy;

  @Controller()
  class NotesHandler {
    @Command(noteCreate)
    async create(@Payload() { kind, body }: ParsedRequestOf<typeof noteCreate>): Promise<{ id: string }> {
      return { id: await f.createNote('identity', kind, body) };
    }
  }

  beforeAll(async () => {
    f = await createOutboxFixture(['identity']);
    await f.startRelay({ schema: 'identity' });
    const metrics = new Metrics('identity');
    const rpc = { nc: f.nc, prefix: f.prefix, metrics, defaultTimeoutMs: 5000 };
    server = await startCommandServer(new NatsTransport({ ...rpc, service: 'identity', logger }), [
      NotesHandler,
    ]);
    client = new NatsClientProxy(rpc);
  });

  afterAll(async () => {
    await server.close();
    await f.close();
  });

  it('carries the request id and traceparent of the command that caused it, and drops malformed ones', async () => {
    const traced = await client.call(
      noteCreate,
      { kind: 'commanded', body: 'traced' },
      { requestId: 'req-rpc-1', traceparent: TRACEPARENT },
    );
    // Sent by a caller of its own: a request id too long for the outbox, a traceparent that is not one.
    const h = headers();
    h.set(HEADERS.requestId, 'x'.repeat(200));
    h.set('traceparent', 'not-a-traceparent');
    const raw = (
      await f.nc.request(
        commandSubject(f.prefix, noteCreate),
        JSON.stringify({ kind: 'commanded', body: 'malformed' }),
        { headers: h, timeout: 5000 },
      )
    ).json<{ id: string }>();

    await eventually(async () => expect(await f.published('commanded')).toHaveLength(2));
    const [first, second] = await f.published('commanded');
    expect(first).toMatchObject({ id: traced.id, requestId: 'req-rpc-1', traceparent: TRACEPARENT });
    expect(second.id).toBe(raw.id);
    expect(second).not.toHaveProperty('requestId');
    expect(second).not.toHaveProperty('traceparent');
  });

  it('writes set-wise events in the order given, each with the context, and refuses arrays of unequal length', async () => {
    const bodies = Array.from({ length: 50 }, (_, i) => `body-${i}`);
    const written = await withRequestContext({ requestId: 'req-many', traceparent: TRACEPARENT }, () =>
      f.createNotes('identity', 'many', bodies),
    );
    expect(written).toBe(50);
    await eventually(async () => expect(await f.published('many')).toHaveLength(50));
    const events = await f.published('many');
    expect(events.map((e) => e.data.body)).toEqual(bodies);
    expect(new Set(events.map((e) => e.id)).size).toBe(50);
    for (const event of events)
      expect(event).toMatchObject({ requestId: 'req-many', traceparent: TRACEPARENT });

    expect(await f.createNotes('identity', 'none', [])).toBe(0);
    await expect(
      f.db.one('identity.emit_events', {
        type: 'identity.note.uneven',
        version: 1,
        villageIds: [null],
        actorIds: [],
        data: ['{}'],
      }),
    ).rejects.toMatchObject({ code: 'invalid' });
  });

  it('leaves no request context behind on a pooled connection', async () => {
    const single = new Database({ ...f.db.options, poolSize: 1 });
    await single.connect();
    try {
      const create = (body: string): Promise<{ createNote: string }> =>
        single.one('identity.create_note', { kind: 'pooled', body });
      const inside = await withRequestContext({ requestId: 'req-pooled' }, () => create('inside'));
      const outside = await create('outside');
      await eventually(async () => expect(await f.published('pooled')).toHaveLength(2));
      const [first, second] = await f.published('pooled');
      expect(first).toMatchObject({ id: inside.createNote, requestId: 'req-pooled' });
      expect(second.id).toBe(outside.createNote);
      expect(second).not.toHaveProperty('requestId');
    } finally {
      await single.close();
    }
  });

  it('runs a consumer under the request id of the command that caused the event', async () => {
    const seen: Array<{ eventId: string; requestId: string | undefined }> = [];
    const consumer = new EventConsumer({
      nc: f.nc,
      db: f.db,
      schema: 'identity',
      service: 'identity',
      prefix: f.prefix,
      name: 'identity-traced',
      stream: f.stream,
      filterSubject: f.subjectOf('consumed'),
      handler: (event) => {
        seen.push({ eventId: event.id, requestId: currentRequestId() });
        return Promise.resolve();
      },
      logger,
      metrics: new Metrics('identity'),
    });
    await consumer.start();
    try {
      const { id } = await client.call(
        noteCreate,
        { kind: 'consumed', body: 'to a consumer' },
        { requestId: 'req-consumed' },
      );
      await eventually(() => expect(seen).toEqual([{ eventId: id, requestId: 'req-consumed' }]));
    } finally {
      await consumer.stop();
    }
  });
});
