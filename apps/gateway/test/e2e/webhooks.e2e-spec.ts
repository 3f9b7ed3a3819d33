import 'reflect-metadata';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { createGatewayApp } from '@vv/gateway';
import { createIdentityApp } from '@vv/identity';
import { createMessagingApp } from '@vv/messaging';
import { createNotificationsApp } from '@vv/notifications';
import type { Webhook, WebhookDelivery } from '@vv/contracts';
import type { RunningApp } from '@vv/platform';
import { createTestEnvironment, eventually, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { Api, expectProblem, signUp, type Account, type Answer } from './http';
import { addMember } from './members';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answeredWith: number;
}

/** A webhook receiver on 127.0.0.1: answers each path with its planned statuses (the last repeats; 200 by default). */
class Receiver {
  readonly requests: Received[] = [];
  private readonly plans = new Map<string, number[]>();
  private server?: Server;

  constructor(private port = 0) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const plan = this.plans.get(path) ?? [200];
        const status = plan.length > 1 ? plan.shift()! : plan[0];
        this.requests.push({
          path,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          answeredWith: status,
        });
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  plan(path: string, statuses: number[]): void {
    this.plans.set(path, [...statuses]);
  }

  at(path: string): Received[] {
    return this.requests.filter((request) => request.path === path);
  }

  /** Requests to `path` carrying an event of `type`. */
  events(path: string, type: string): Received[] {
    return this.at(path).filter((request) => request.headers['x-village-event'] === type);
  }
}

/** What a receiver does with X-Village-Signature: recompute the HMAC of "t.body" and compare in constant time. */
function verify(secret: string, header: string | undefined, body: string): boolean {
  const fields = new Map((header ?? '').split(',').map((part) => part.split('=') as [string, string]));
  const t = fields.get('t');
  const v1 = fields.get('v1');
  if (!t || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(Buffer.from(v1, 'hex'), expected);
}

const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Quick retries and a short disable window, so a whole retry window fits in a test. */
const WEBHOOK_ENV = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_BACKOFF_BASE_MS: '200',
  WEBHOOK_BACKOFF_MAX_MS: '400',
  WEBHOOK_MAX_ATTEMPTS: '4',
  WEBHOOK_POLL_INTERVAL_MS: '100',
  WEBHOOK_TIMEOUT_MS: '2000',
  WEBHOOK_DISABLE_AFTER_MS: '4000',
};

/**
 * Signed webhooks end to end: identity, messaging and notifications with the gateway, a receiver
 * on localhost. Notifications is booted here (not by bootSuite) so a test can stop and restart it
 * mid-retry, or restart it with other settings.
 */
describe('webhooks', () => {
  let environment: TestEnvironment;
  let api: Api;
  let receiver: Receiver;
  let notifications: RunningApp | undefined;
  let nc: NatsConnection;
  let sql: Client;
  let owner: Account;
  let admin: Account;
  let member: Account;
  let outsider: Account;
  let villageId: string;

  const startNotifications = async (extra: Record<string, string> = {}): Promise<void> => {
    notifications = await createNotificationsApp({
      ...environment.env,
      NOTIFICATIONS_HTTP_PORT: '0',
      SMTP_URL: 'smtp://127.0.0.1:9', // no mail is sent by these tests
      ...WEBHOOK_ENV,
      ...extra,
    });
  };
  const stopNotifications = async (): Promise<void> => {
    await notifications?.close();
    notifications = undefined;
  };

  const ok = (answer: Answer, status: number): Answer => {
    if (answer.status !== status)
      throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const hooks = (path = ''): string => `/v1/villages/${villageId}/webhooks${path}`;
  const register = async (body: Record<string, unknown>, account = admin): Promise<Answer> =>
    ok(await api.post(hooks(), { token: account.accessToken, body }), 201);
  const deliveries = async (webhookId: string, query = ''): Promise<WebhookDelivery[]> =>
    ok(await api.get(hooks(`/${webhookId}/deliveries${query}`), { token: admin.accessToken }), 200).body
      .items as WebhookDelivery[];
  /** The webhook as the list shows it. */
  const listed = async (webhookId: string): Promise<Webhook> =>
    (ok(await api.get(hooks(), { token: admin.accessToken }), 200).body.items as Webhook[]).find(
      (item) => item.id === webhookId,
    )!;
  const addContact = async (name: string): Promise<string> =>
    String(
      ok(
        await api.post(`/v1/villages/${villageId}/contacts`, {
          token: owner.accessToken,
          body: { name, kind: 'doctor' },
        }),
        201,
      ).body.id,
    );
  /** The request that delivered the contact named `name` to `path`. */
  const contactDeliveries = (path: string, contactId: string): Received[] =>
    receiver
      .events(path, 'identity.contact.created')
      .filter((request) => JSON.parse(request.body).data.contactId === contactId);

  beforeAll(async () => {
    environment = await createTestEnvironment();
    environment.track(await createIdentityApp(environment.env));
    environment.track(await createMessagingApp({ ...environment.env, MESSAGING_HTTP_PORT: '0' }));
    receiver = new Receiver();
    await receiver.start();
    environment.track({ close: () => receiver.stop() });
    await startNotifications();
    // Closed by the tests or at the end (closing twice is a no-op).
    environment.track({ close: () => stopNotifications() });
    const gateway = environment.track(
      await createGatewayApp({
        ...environment.env,
        SERVICES: 'identity,messaging',
        RATE_LIMIT_IP_PER_MINUTE: '100000',
        RATE_LIMIT_USER_PER_MINUTE: '100000',
      }),
    );
    api = new Api(gateway.url);
    nc = await connect({ servers: environment.natsUrl });
    environment.track({ close: () => nc.close() });
    sql = new Client({ connectionString: environment.database.url });
    await sql.connect();
    environment.track({ close: () => sql.end() });

    [owner, admin, member, outsider] = await Promise.all([
      signUp(api, 'Owner'),
      signUp(api, 'Admin'),
      signUp(api, 'Member'),
      signUp(api, 'Outsider'),
    ]);
    villageId = String(
      ok(
        await api.post('/v1/villages', {
          token: owner.accessToken,
          body: { name: 'Hooks', visibility: 'private' },
        }),
        201,
      ).body.id,
    );
    for (const [account, role] of [
      [admin, 'admin'],
      [member, 'member'],
    ] as const) {
      await addMember(api, villageId, owner.accessToken, account, role);
    }
  }, 60_000);

  afterAll(async () => {
    await environment.cleanup();
  });

  it('lets admins and owners manage webhooks: members get 403, outsiders of a private village 404', async () => {
    const body = { url: receiver.url('/access'), events: ['identity.contact.*'] };
    expectProblem(await api.post(hooks(), { token: member.accessToken, body }), 403, 'forbidden');
    expectProblem(await api.post(hooks(), { token: outsider.accessToken, body }), 404, 'not_found');
    expectProblem(await api.get(hooks(), { token: member.accessToken }), 403, 'forbidden');
    expectProblem(await api.get(hooks(), { token: outsider.accessToken }), 404, 'not_found');

    const created = await register(body);
    expect(created.body).toMatchObject({
      villageId,
      url: receiver.url('/access'),
      events: ['identity.contact.*'],
      enabled: true,
      disabledAt: null,
      failingSince: null,
      createdBy: admin.userId,
      secret: expect.stringMatching(/^whsec_/),
    });
    const id = String(created.body.id);
    const byOwner = await register({ ...body, url: receiver.url('/access-owner') }, owner);
    expect(byOwner.body.createdBy).toBe(owner.userId);

    // The secret is write-only: never listed again.
    const listed = ok(await api.get(hooks(), { token: owner.accessToken }), 200).body;
    expect(listed.items.map((item: { id: string }) => item.id)).toEqual([byOwner.body.id, id]);
    expect(JSON.stringify(listed)).not.toContain(created.body.secret);
    expect(listed.items[0]).not.toHaveProperty('secret');

    for (const account of [member, outsider]) {
      const status = account === member ? 403 : 404;
      expect((await api.get(hooks(`/${id}/deliveries`), { token: account.accessToken })).status).toBe(status);
      expect((await api.delete(hooks(`/${id}`), { token: account.accessToken })).status).toBe(status);
      expect(
        (await api.patch(hooks(`/${id}`), { token: account.accessToken, body: { enabled: false } })).status,
      ).toBe(status);
    }
    ok(await api.delete(hooks(`/${id}`), { token: admin.accessToken }), 204);
    ok(await api.delete(hooks(`/${byOwner.body.id}`), { token: owner.accessToken }), 204);
    expectProblem(await api.delete(hooks(`/${id}`), { token: admin.accessToken }), 404, 'not_found');
  });

  it('validates the URL, the events and the secret', async () => {
    const refused = async (body: Record<string, unknown>, field: string): Promise<void> => {
      const answer = await api.post(hooks(), { token: admin.accessToken, body });
      expectProblem(answer, 400, 'invalid');
      expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    };
    const url = receiver.url('/valid');
    await refused({ url: 'ftp://example.com/hook', events: ['*'] }, 'url');
    await refused({ url: 'https://user:pw@example.com/hook', events: ['*'] }, 'url');
    await refused({ url, events: [] }, 'events');
    await refused({ url, events: ['messaging.nothing.happened'] }, 'events.0');
    await refused({ url, events: ['identity.contact.created', 'bogus.*'] }, 'events.1');
    await refused({ url, events: ['Messaging.*'] }, 'events.0');
    await refused({ url, events: ['*'], secret: 'too-short' }, 'secret');
    await refused({ url: 'http://no-such-host.invalid/hook', events: ['*'] }, 'url');
  });

  it('signs each delivery: the receiver recomputes the HMAC, and a tampered body or another secret fails', async () => {
    const secret = 'a-receiver-chosen-secret';
    const path = '/signed';
    const webhook = await register({ url: receiver.url(path), events: ['identity.contact.created'], secret });
    expect(webhook.body.secret).toBe(secret);
    const contactId = await addContact('Dr Signed');

    const [request] = await eventually(() => {
      const found = contactDeliveries(path, contactId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^VirtualVillage-Webhooks\//);
    expect(request.headers['x-village-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const t = Number(/t=(\d+)/.exec(String(request.headers['x-village-signature']))![1]);
    expect(Math.abs(Date.now() / 1000 - t)).toBeLessThan(60);
    expect(verify(secret, request.headers['x-village-signature'] as string, request.body)).toBe(true);
    expect(verify(secret, request.headers['x-village-signature'] as string, `${request.body} `)).toBe(false);
    expect(
      verify('another-secret-value', request.headers['x-village-signature'] as string, request.body),
    ).toBe(false);

    // The body is the event envelope; the delivery id is the log's.
    const envelope = JSON.parse(request.body);
    expect(envelope).toMatchObject({
      id: expect.any(String),
      type: 'identity.contact.created',
      version: 1,
      villageId,
      actorId: owner.userId,
      data: { contactId, villageId, name: 'Dr Signed' },
    });
    const log = await eventually(async () => {
      const items = await deliveries(webhook.body.id);
      expect(items[0]?.status).toBe('succeeded');
      return items;
    });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      id: request.headers['x-village-delivery'],
      webhookId: webhook.body.id,
      eventId: envelope.id,
      eventType: 'identity.contact.created',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: expect.any(String),
      recentAttempts: [expect.objectContaining({ number: 1, statusCode: 200, succeeded: true })],
    });

    // A generated secret signs too.
    const generatedPath = '/signed-generated';
    const generated = await register({
      url: receiver.url(generatedPath),
      events: ['identity.contact.created'],
    });
    const second = await addContact('Dr Generated');
    const [signed] = await eventually(() => {
      const found = contactDeliveries(generatedPath, second);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(verify(generated.body.secret, signed.headers['x-village-signature'] as string, signed.body)).toBe(
      true,
    );
  });

  it('retries a 500 and delivers once: same delivery id, one success', async () => {
    const path = '/flaky';
    receiver.plan(path, [500, 200]);
    const webhook = await register({ url: receiver.url(path), events: ['identity.contact.*'] });
    const contactId = await addContact('Dr Flaky');

    const requests = await eventually(() => {
      const found = contactDeliveries(path, contactId);
      expect(found.map((request) => request.answeredWith)).toEqual([500, 200]);
      return found;
    });
    expect(requests[1].headers['x-village-delivery']).toBe(requests[0].headers['x-village-delivery']);
    expect(requests[1].body).toBe(requests[0].body);
    await sleep(1_000);
    expect(contactDeliveries(path, contactId)).toHaveLength(2);
    const [delivery] = await deliveries(webhook.body.id);
    expect(delivery).toMatchObject({
      id: requests[0].headers['x-village-delivery'],
      status: 'succeeded',
      attempts: 2,
      lastStatusCode: 200,
      recentAttempts: [
        expect.objectContaining({ number: 2, statusCode: 200, succeeded: true }),
        expect.objectContaining({ number: 1, statusCode: 500, error: 'HTTP 500', succeeded: false }),
      ],
    });
    expect((await listed(webhook.body.id)).failingSince).toBeNull();
  });

  it('delivers only the events a webhook subscribes to, and never direct-conversation events', async () => {
    const narrow = await register({
      url: receiver.url('/narrow'),
      events: ['identity.contact.created', 'messaging.topic.*'],
    });
    const everything = await register({ url: receiver.url('/everything'), events: ['*'] });
    ok(
      await api.patch(`/v1/villages/${villageId}`, { token: owner.accessToken, body: { description: 'x' } }),
      200,
    );
    ok(
      await api.post(`/v1/villages/${villageId}/conversations`, {
        token: owner.accessToken,
        body: { memberIds: [member.userId] },
      }),
      201,
    );
    const topic = ok(
      await api.post(`/v1/villages/${villageId}/topics`, {
        token: owner.accessToken,
        body: { title: 'Board' },
      }),
      201,
    );
    const contactId = await addContact('Dr Filter');

    // Each producer's events are fanned in in stream order: once the later ones are queued, the
    // earlier ones have been seen too.
    const types = async (webhookId: string): Promise<string[]> =>
      (await deliveries(webhookId, '?limit=200')).map((delivery) => delivery.eventType);
    await eventually(async () => {
      expect(await types(narrow.body.id)).toEqual(
        expect.arrayContaining(['identity.contact.created', 'messaging.topic.created']),
      );
      expect(await types(everything.body.id)).toEqual(
        expect.arrayContaining([
          'identity.village.updated',
          'identity.contact.created',
          'messaging.topic.created',
        ]),
      );
    });
    expect(new Set(await types(narrow.body.id))).toEqual(
      new Set(['identity.contact.created', 'messaging.topic.created']),
    );
    expect(await types(everything.body.id)).not.toContain('messaging.conversation.created');
    await eventually(() => expect(receiver.events('/narrow', 'messaging.topic.created')).toHaveLength(1));
    expect(JSON.parse(receiver.events('/narrow', 'messaging.topic.created')[0].body).data.topicId).toBe(
      topic.body.id,
    );
    expect(contactDeliveries('/narrow', contactId)).toHaveLength(1);
    expect(receiver.events('/narrow', 'identity.village.updated')).toHaveLength(0);
    expect(receiver.events('/everything', 'messaging.conversation.created')).toHaveLength(0);
    for (const webhook of [narrow, everything]) {
      ok(await api.delete(hooks(`/${webhook.body.id}`), { token: admin.accessToken }), 204);
    }
  });

  it('dead-letters a delivery whose receiver is down for the whole retry window; redelivery succeeds once it is up', async () => {
    const port = await freePort();
    const down = new Receiver(port);
    const webhook = await register({
      url: `http://127.0.0.1:${port}/down`,
      events: ['identity.contact.created'],
    });
    const contactId = await addContact('Dr Down');

    const [dead] = await eventually(async () => {
      const items = await deliveries(webhook.body.id, '?status=dead');
      expect(items).toHaveLength(1);
      return items;
    }, 15_000);
    expect(dead).toMatchObject({
      status: 'dead',
      attempts: 4,
      lastStatusCode: null,
      lastError: expect.stringContaining('ECONNREFUSED'),
      nextAttemptAt: null,
      deliveredAt: null,
    });
    expect(dead.recentAttempts).toHaveLength(4);
    expect(await deliveries(webhook.body.id, '?status=pending')).toEqual([]);
    const deadCount = await metricOf('vv_webhook_attempts_total', 'dead');
    expect(deadCount).toBeGreaterThanOrEqual(1);

    await down.start();
    try {
      const redelivered = ok(
        await api.post(hooks(`/${webhook.body.id}/deliveries/${dead.id}/redeliver`), {
          token: admin.accessToken,
        }),
        200,
      ).body;
      expect(redelivered).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
      const [request] = await eventually(() => {
        const found = down.events('/down', 'identity.contact.created');
        expect(found).toHaveLength(1);
        return found;
      });
      expect(request.headers['x-village-delivery']).toBe(dead.id);
      expect(JSON.parse(request.body).data.contactId).toBe(contactId);
      await eventually(async () =>
        expect((await deliveries(webhook.body.id))[0]).toMatchObject({
          id: dead.id,
          status: 'succeeded',
          attempts: 1,
          lastStatusCode: 200,
        }),
      );
      // The log keeps every attempt, the dead-lettered ones included.
      expect((await deliveries(webhook.body.id))[0].recentAttempts).toHaveLength(5);
      expectProblem(
        await api.post(hooks(`/${webhook.body.id}/deliveries/${dead.id}/redeliver`), {
          token: member.accessToken,
        }),
        403,
        'forbidden',
      );
      expectProblem(
        await api.post(hooks(`/${webhook.body.id}/deliveries/${webhook.body.id}/redeliver`), {
          token: admin.accessToken,
        }),
        404,
        'not_found',
      );
    } finally {
      await down.stop();
      ok(await api.delete(hooks(`/${webhook.body.id}`), { token: admin.accessToken }), 204);
    }
  }, 30_000);

  it('loses no delivery when notifications restarts while a retry is pending, and delivers it exactly once', async () => {
    // Slow retries for this boot, so the app is surely down when the retry comes due.
    await stopNotifications();
    await startNotifications({ WEBHOOK_BACKOFF_BASE_MS: '2000', WEBHOOK_BACKOFF_MAX_MS: '2000' });
    const path = '/restart';
    receiver.plan(path, [500, 200]);
    const webhook = await register({ url: receiver.url(path), events: ['identity.contact.created'] });
    const contactId = await addContact('Dr Restart');

    await eventually(() => expect(contactDeliveries(path, contactId)).toHaveLength(1));
    await stopNotifications();
    const { rows } = await sql.query<{ status: string; next_attempt_at: Date }>(
      'select status, next_attempt_at from notifications.webhook_deliveries where webhook_id = $1',
      [webhook.body.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('failed');
    // The retry comes due while the app is down: nothing is sent.
    await sleep(Math.max(0, rows[0].next_attempt_at.getTime() - Date.now()) + 300);
    expect(contactDeliveries(path, contactId)).toHaveLength(1);

    await startNotifications();
    const requests = await eventually(() => {
      const found = contactDeliveries(path, contactId);
      expect(found.map((request) => request.answeredWith)).toEqual([500, 200]);
      return found;
    });
    expect(new Set(requests.map((request) => request.headers['x-village-delivery'])).size).toBe(1);
    await sleep(1_000);
    expect(contactDeliveries(path, contactId).filter((request) => request.answeredWith === 200)).toHaveLength(
      1,
    );
    expect((await deliveries(webhook.body.id))[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    ok(await api.delete(hooks(`/${webhook.body.id}`), { token: admin.accessToken }), 204);
  }, 30_000);

  it('disables a webhook failing longer than WEBHOOK_DISABLE_AFTER_MS and emits notifications.webhook.disabled', async () => {
    const subscription: Subscription = nc.subscribe(
      `${environment.prefix}.evt.notifications.webhook.disabled.v1`,
    );
    const watcherPath = '/watcher';
    const watcher = await register({ url: receiver.url(watcherPath), events: ['notifications.*'] });
    const port = await freePort();
    const failing = await register({
      url: `http://127.0.0.1:${port}/never`,
      events: ['identity.contact.created'],
    });
    const failingId = String(failing.body.id);

    await addContact('Dr First');
    const [first] = await eventually(async () => {
      const items = await deliveries(failingId, '?status=dead');
      expect(items).toHaveLength(1);
      return items;
    }, 15_000);
    expect(first.lastError).toContain('ECONNREFUSED');
    const before = await listed(failingId);
    expect(before).toMatchObject({ enabled: true, failingSince: expect.any(String) });
    // Still failing after the window: the next failure disables it.
    await sleep(Math.max(0, Date.parse(before.failingSince!) + 4_100 - Date.now()));
    await addContact('Dr Second');

    const after = await eventually(async () => {
      const item = await listed(failingId);
      expect(item.enabled).toBe(false);
      return item;
    }, 15_000);
    expect(after).toMatchObject({ disabledAt: expect.any(String), failingSince: before.failingSince });

    // The event: on the notifications stream, and fanned in to the village's other webhooks.
    const published = await nextMessage(subscription, 10_000);
    expect(published).toMatchObject({
      type: 'notifications.webhook.disabled',
      version: 1,
      villageId,
      data: { webhookId: failingId, villageId, createdBy: admin.userId, failingSince: before.failingSince },
    });
    const [delivered] = await eventually(() => {
      const found = receiver.events(watcherPath, 'notifications.webhook.disabled');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(JSON.parse(delivered.body).data.webhookId).toBe(failingId);

    // Every delivery is dead; a disabled webhook is not redelivered to until it is enabled again.
    const log = await deliveries(failingId);
    expect(log.map((delivery) => delivery.status)).toEqual(['dead', 'dead']);
    expectProblem(
      await api.post(hooks(`/${failingId}/deliveries/${log[0].id}/redeliver`), { token: admin.accessToken }),
      409,
      'conflict',
    );
    await addContact('Dr Third');
    await sleep(500);
    expect(await deliveries(failingId)).toHaveLength(2);
    const enabled = ok(
      await api.patch(hooks(`/${failingId}`), { token: admin.accessToken, body: { enabled: true } }),
      200,
    ).body;
    expect(enabled).toMatchObject({ enabled: true, disabledAt: null, failingSince: null });
    ok(
      await api.post(hooks(`/${failingId}/deliveries/${log[0].id}/redeliver`), { token: admin.accessToken }),
      200,
    );
    subscription.unsubscribe();
    for (const id of [failingId, watcher.body.id]) {
      ok(await api.delete(hooks(`/${id}`), { token: admin.accessToken }), 204);
    }
  }, 40_000);

  it('refuses URLs that parsers read differently, even when private addresses are allowed, and never calls one stored before', async () => {
    const port = new URL(receiver.url('/')).port;
    // Parsed once: stored (and called) as WHATWG reads it.
    const normalised = await register({ url: `HTTP://0x7f000001:${port}/normalised`, events: ['*'] });
    expect(normalised.body.url).toBe(receiver.url('/normalised'));
    ok(await api.delete(hooks(`/${normalised.body.id}`), { token: admin.accessToken }), 204);
    for (const url of [
      // WHATWG reads the host before the backslash; other parsers read it as credentials, and the host after.
      `http://127.0.0.1:${port}\\@93.184.216.34/ambiguous`,
      `http://93.184.216.34\\@127.0.0.1:${port}/ambiguous`,
      `http://@127.0.0.1:${port}/ambiguous`,
      `http:127.0.0.1:${port}/ambiguous`,
      `http://127.0.0.1:${port}/ambig\tuous`,
    ]) {
      const answer = await api.post(hooks(), { token: admin.accessToken, body: { url, events: ['*'] } });
      expectProblem(answer, 400, 'invalid');
      expect(answer.body.errors).toEqual([{ field: 'url', reason: expect.any(String) }]);
    }

    // One stored before this check existed: WHATWG would call 127.0.0.1. Every attempt is refused instead.
    const {
      rows: [stored],
    } = await sql.query<{ id: string }>(
      `select id from notifications.create_webhook(p_village_id => $1, p_url => $2, p_events => $3,
         p_secret => 'plain:a-secret-of-sixteen', p_created_by => $4, p_max_per_village => 20)`,
      [
        villageId,
        `http://127.0.0.1:${port}\\@93.184.216.34/ambiguous`,
        ['identity.contact.created'],
        admin.userId,
      ],
    );
    await addContact('Dr Ambiguous');
    const [failed] = await eventually(async () => {
      const items = await deliveries(stored.id);
      expect(items[0]?.lastError).toMatch(/backslashes/);
      return items;
    });
    expect(failed).toMatchObject({ lastStatusCode: null, deliveredAt: null });
    expect(receiver.requests.filter((request) => request.path.includes('ambiguous'))).toEqual([]);
    ok(await api.delete(hooks(`/${stored.id}`), { token: admin.accessToken }), 204);
  });

  it('refuses private and loopback URLs unless WEBHOOK_ALLOW_PRIVATE is true, at registration and at every attempt', async () => {
    const registered = await register({
      url: receiver.url('/rechecked'),
      events: ['identity.contact.created'],
    });
    await stopNotifications();
    await startNotifications({ WEBHOOK_ALLOW_PRIVATE: 'false' });
    try {
      for (const url of [
        receiver.url('/private'),
        'http://localhost:8080/x',
        'http://localhost.:8080/x',
        'http://169.254.169.254/latest',
        'http://[::1]/x',
        'http://10.0.0.8/x',
        'http://0.1.2.3/x',
        'http://2130706433/x',
        'http://0x7f000001/x',
        'http://0177.0.0.1/x',
        'http://127.0.0.1./x',
        'http://[::7f00:1]/x',
        'http://[::127.0.0.1]/x',
        'http://[::ffff:127.0.0.1]/x',
        'http://[::ffff:0:7f00:1]/x',
        'http://[64:ff9b::a00:8]/x',
        'http://[fe80::1]/x',
        'http://[fd00:ec2::254]/x',
        'http://[ff02::1]/x',
        'http://239.255.255.250/x',
      ]) {
        const answer = await api.post(hooks(), { token: admin.accessToken, body: { url, events: ['*'] } });
        expectProblem(answer, 400, 'invalid');
        expect({ url, errors: answer.body.errors }).toEqual({
          url,
          errors: [{ field: 'url', reason: expect.stringMatching(/address/) }],
        });
      }

      // A webhook registered while private addresses were allowed is checked again at each attempt.
      await addContact('Dr Rechecked');
      await eventually(async () =>
        expect((await deliveries(registered.body.id))[0]?.lastError).toMatch(/loopback address/),
      );
      expect(receiver.at('/rechecked')).toEqual([]);
    } finally {
      await stopNotifications();
      await startNotifications();
    }
    ok(await api.delete(hooks(`/${registered.body.id}`), { token: admin.accessToken }), 204);
  });

  /** The value of a notifications counter for an outcome. */
  async function metricOf(name: string, outcome: string): Promise<number> {
    const text = await notifications!.services.metrics.text();
    const line = text
      .split('\n')
      .find((row) => row.startsWith(`${name}{`) && row.includes(`outcome="${outcome}"`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  }
});

/** The next message on a subscription, as JSON. */
async function nextMessage(subscription: Subscription, timeoutMs: number): Promise<unknown> {
  const timer = setTimeout(() => subscription.unsubscribe(), timeoutMs);
  try {
    for await (const message of subscription) return message.json();
    throw new Error('no message in time');
  } finally {
    clearTimeout(timer);
  }
}
