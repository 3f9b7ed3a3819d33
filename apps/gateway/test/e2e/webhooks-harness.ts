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
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { Api, signUp, type Account, type Answer } from './http';
import { addMember } from './members';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answeredWith: number;
}

/** A webhook receiver on 127.0.0.1: answers each path with its planned statuses (the last repeats; 200 by default). */
export class Receiver {
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
export function verify(secret: string, header: string | undefined, body: string): boolean {
  const fields = new Map((header ?? '').split(',').map((part) => part.split('=') as [string, string]));
  const t = fields.get('t');
  const v1 = fields.get('v1');
  if (!t || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(Buffer.from(v1, 'hex'), expected);
}

/** A port nothing listens on (a receiver that is down). */
export const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

/** The next message on a subscription, as JSON. */
export async function nextMessage(subscription: Subscription, timeoutMs: number): Promise<unknown> {
  const timer = setTimeout(() => subscription.unsubscribe(), timeoutMs);
  try {
    for await (const message of subscription) return message.json();
    throw new Error('no message in time');
  } finally {
    clearTimeout(timer);
  }
}

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

export const ok = (answer: Answer, status: number): Answer => {
  if (answer.status !== status)
    throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
};

export type WebhooksSuite = Awaited<ReturnType<typeof startWebhooksSuite>>;

/**
 * Identity, messaging and notifications with the gateway, a receiver on localhost, and a private
 * village with an owner, an admin, a member, and an outsider. Notifications is booted here (not by
 * bootSuite) so a test can stop and restart it mid-retry, or restart it with other settings.
 */
export async function startWebhooksSuite() {
  const environment: TestEnvironment = await createTestEnvironment();
  let notifications: RunningApp | undefined;
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

  environment.track(await createIdentityApp(environment.env));
  environment.track(await createMessagingApp({ ...environment.env, MESSAGING_HTTP_PORT: '0' }));
  const receiver = new Receiver();
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
  const api = new Api(gateway.url);
  const nc: NatsConnection = await connect({ servers: environment.natsUrl });
  environment.track({ close: () => nc.close() });
  const sql = new Client({ connectionString: environment.database.url });
  await sql.connect();
  environment.track({ close: () => sql.end() });

  const [owner, admin, member, outsider]: Account[] = await Promise.all([
    signUp(api, 'Owner'),
    signUp(api, 'Admin'),
    signUp(api, 'Member'),
    signUp(api, 'Outsider'),
  ]);
  const villageId = String(
    ok(
      await api.post('/v1/villages', {
        token: owner.accessToken,
        body: { name: 'Hooks', visibility: 'private' },
      }),
      201,
    ).body.id,
  );
  await addMember(api, villageId, owner.accessToken, admin, 'admin');
  await addMember(api, villageId, owner.accessToken, member, 'member');

  const hooks = (path = ''): string => `/v1/villages/${villageId}/webhooks${path}`;
  return {
    environment,
    api,
    receiver,
    nc,
    sql,
    owner,
    admin,
    member,
    outsider,
    villageId,
    startNotifications,
    stopNotifications,
    hooks,
    register: async (body: Record<string, unknown>, account = admin): Promise<Answer> =>
      ok(await api.post(hooks(), { token: account.accessToken, body }), 201),
    deliveries: async (webhookId: string, query = ''): Promise<WebhookDelivery[]> =>
      ok(await api.get(hooks(`/${webhookId}/deliveries${query}`), { token: admin.accessToken }), 200).body
        .items as WebhookDelivery[],
    /** The webhook as the list shows it. */
    listed: async (webhookId: string): Promise<Webhook> =>
      (ok(await api.get(hooks(), { token: admin.accessToken }), 200).body.items as Webhook[]).find(
        (item) => item.id === webhookId,
      )!,
    addContact: async (name: string): Promise<string> =>
      String(
        ok(
          await api.post(`/v1/villages/${villageId}/contacts`, {
            token: owner.accessToken,
            body: { name, kind: 'doctor' },
          }),
          201,
        ).body.id,
      ),
    /** The requests that delivered the contact `contactId` to `path`. */
    contactDeliveries: (path: string, contactId: string): Received[] =>
      receiver
        .events(path, 'identity.contact.created')
        .filter((request) => JSON.parse(request.body).data.contactId === contactId),
    /** The value of a notifications counter for an outcome. */
    metricOf: async (name: string, outcome: string): Promise<number> => {
      const text = await notifications!.services.metrics.text();
      const line = text
        .split('\n')
        .find((row) => row.startsWith(`${name}{`) && row.includes(`outcome="${outcome}"`));
      return line ? Number(line.split(' ').at(-1)) : 0;
    },
    close: () => environment.cleanup(),
  };
}
