import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventSubject, messageSent, pushSubscriptionCreate, type EventEnvelope } from '@vv/contracts';
import { ensureServiceStream, Metrics, NatsClientProxy, type RunningApp } from '@vv/platform';
import { createTestEnvironment, eventually, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { createNotificationsApp } from '../src/app';

interface Received {
  path: string;
  topic: string | undefined;
  authorization: string | undefined;
}

/**
 * The push queue against real PostgreSQL and NATS, with a local HTTP server standing in for the
 * push service: retries after a temporary failure (with the same Topic, so the service replaces
 * rather than repeats), a refusal is final, and a redelivered event queues no second push.
 * Messaging is stood in for by events published to its stream, as its outbox relay would.
 */
describe('notifications: push delivery', () => {
  let t: TestEnvironment;
  let app: RunningApp;
  let nc: NatsConnection;
  let sql: Client;
  let rpc: NatsClientProxy;
  let server: Server;
  let origin: string;
  const received: Received[] = [];
  /** Statuses the push service answers a path with, in order; 201 once they run out. */
  const scripts = new Map<string, number[]>();

  const userId = randomUUID();
  const author = randomUUID();
  const villageId = randomUUID();

  const subscribe = async (path: string): Promise<string> => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const subscription = await rpc.call(
      pushSubscriptionCreate,
      {
        endpoint: `${origin}${path}`,
        keys: {
          p256dh: ecdh.getPublicKey().toString('base64url'),
          auth: randomBytes(16).toString('base64url'),
        },
      },
      { actor: { userId, sessionId: randomUUID() } },
    );
    return subscription.id;
  };

  /** Publishes a message.sent to `userId` (a fresh Nats-Msg-Id each time: a re-publish is a redelivery). */
  const publishMessage = async (event?: EventEnvelope): Promise<EventEnvelope> => {
    const envelope: EventEnvelope = event ?? {
      id: randomUUID(),
      type: 'messaging.message.sent',
      version: 1,
      occurredAt: new Date().toISOString(),
      villageId,
      actorId: author,
      data: {
        conversationId: randomUUID(),
        messageId: randomUUID(),
        villageId,
        authorId: author,
        recipientIds: [userId],
        attachments: [],
      },
    };
    await jetstream(nc).publish(eventSubject(t.prefix, messageSent), JSON.stringify(envelope), {
      msgID: randomUUID(),
    });
    return envelope;
  };

  const deliveries = async (): Promise<
    Array<{ status: string; attempts: number; lastError: string | null }>
  > => {
    const { rows } = await sql.query<{ status: string; attempts: number; lastError: string | null }>(
      `select d.status, d.attempts, d.last_error as "lastError" from notifications.push_deliveries d
         join notifications.notifications n on n.id = d.notification_id where n.user_id = $1`,
      [userId],
    );
    return rows;
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const path = request.url ?? '/';
        received.push({
          path,
          topic: request.headers.topic as string | undefined,
          authorization: request.headers.authorization,
        });
        const status = scripts.get(path)?.shift() ?? 201;
        response.writeHead(status, status === 503 ? { 'retry-after': '0' } : {}).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    t = await createTestEnvironment();
    nc = await connect({ servers: t.natsUrl });
    t.track({ close: () => nc.close() });
    await ensureServiceStream(nc, t.prefix, 'messaging');
    app = await createNotificationsApp({
      ...t.env,
      NOTIFICATIONS_HTTP_PORT: '0',
      SMTP_URL: 'smtp://127.0.0.1:1',
      PUSH_ALLOW_PRIVATE: 'true',
      PUSH_POLL_INTERVAL_MS: '50',
    });
    t.track(app);
    rpc = new NatsClientProxy({ nc, prefix: t.prefix, defaultTimeoutMs: 5000, metrics: new Metrics('test') });
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    t.track({ close: () => sql.end() });
  });

  afterAll(async () => {
    await t.cleanup();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  afterEach(async () => {
    await sql.query('delete from notifications.push_subscriptions where user_id = $1', [userId]);
  });

  it('retries after a temporary failure with the same Topic, then clears the delivery', async () => {
    const path = '/flaky';
    scripts.set(path, [500, 503]);
    await subscribe(path);
    await publishMessage();
    await eventually(() => expect(received.filter((push) => push.path === path)).toHaveLength(3), 10_000, 20);
    const pushes = received.filter((push) => push.path === path);
    expect(new Set(pushes.map((push) => push.topic)).size).toBe(1);
    expect(pushes[0].topic).toMatch(/^[0-9a-f]{32}$/);
    expect(
      pushes.every((push) => /^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/.test(push.authorization ?? '')),
    ).toBe(true);
    await eventually(async () => expect(await deliveries()).toEqual([]), 5000, 20);
  });

  it('marks a push the service refuses (400) failed at once, without retrying', async () => {
    const path = '/refuses';
    scripts.set(path, [400]);
    await subscribe(path);
    await publishMessage();
    await eventually(
      async () =>
        expect(await deliveries()).toEqual([
          { status: 'failed', attempts: 1, lastError: 'push service answered 400' },
        ]),
      10_000,
      20,
    );
    const refused = received.find((push) => push.path === path)!.topic;
    // A later push through the same queue (the script has run out: accepted): once it is sent and
    // cleared, the sender has made its passes after the refusal without sending that one again.
    await publishMessage();
    await eventually(async () => {
      expect(received.filter((push) => push.path === path)).toHaveLength(2);
      expect(await deliveries()).toEqual([
        { status: 'failed', attempts: 1, lastError: 'push service answered 400' },
      ]);
    });
    expect(received.filter((push) => push.topic === refused)).toHaveLength(1);
    await sql.query('delete from notifications.push_deliveries');
  });

  it('queues one push per notification: a redelivered event makes neither a second notification nor push', async () => {
    const path = '/once';
    await subscribe(path);
    const event = await publishMessage();
    await publishMessage(event);
    const messageId = (event.data as { messageId: string }).messageId;
    // A later event on the same stream: once its push arrived, the redelivery was handled.
    await publishMessage();
    await eventually(() => expect(received.filter((push) => push.path === path)).toHaveLength(2), 10_000, 20);
    const { rows } = await sql.query<{ n: number }>(
      'select count(*)::int as n from notifications.notifications where user_id = $1 and message_id = $2',
      [userId, messageId],
    );
    expect(rows[0].n).toBe(1);
    // A sent push's delivery row goes: with none left, no push is still to come.
    await eventually(async () => expect(await deliveries()).toEqual([]));
    expect(received.filter((push) => push.path === path)).toHaveLength(2);
  });
});
