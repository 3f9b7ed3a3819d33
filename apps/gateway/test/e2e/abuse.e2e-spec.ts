import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { eventually, infrastructure, startTcpProxy, type TcpProxy } from '@vv/testing';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, PASSWORD, signUp, type Account } from './http';
import { StreamClient } from './stream-client';

/** A JSON value nested `depth` levels deep: `{"a":{"a":…1…}}`. */
const nestedObject = (depth: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
};

/** A raw HTTP/1.1 connection from a chosen local address, recording what the server sends. */
class RawConnection {
  received = '';
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => (this.received += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async open(url: string, localAddress: string): Promise<RawConnection> {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port), localAddress });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawConnection(socket);
  }

  /** A login that announces a 100-byte body and sends 11 bytes of it, then nothing. */
  stallBody(): void {
    this.socket.write(
      'POST /v1/auth/login HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100\r\n\r\n{"email":"a',
    );
  }
}

/**
 * A well-behaved client of the suite running beside the attacks: it keeps reading and writing in its
 * own village and records every status it gets.
 */
class NormalClient {
  readonly statuses: number[] = [];
  private running = true;
  private loop?: Promise<void>;

  constructor(
    private readonly api: Api,
    private readonly account: Account,
    private readonly villageId: string,
  ) {}

  start(): void {
    this.loop = (async () => {
      while (this.running) {
        const token = this.account.accessToken;
        const read = await this.api.get(`/v1/villages/${this.villageId}/topics`, { token });
        const write = await this.api.post(`/v1/villages/${this.villageId}/topics`, {
          token,
          body: { title: `Topic ${randomUUID()}` },
        });
        this.statuses.push(read.status, write.status);
      }
    })();
  }

  /** Waits until it has made `count` more requests (it is alive and being answered). */
  async madeMore(count: number): Promise<void> {
    const target = this.statuses.length + count;
    await eventually(() => expect(this.statuses.length).toBeGreaterThanOrEqual(target), 20_000);
  }

  async stop(): Promise<number[]> {
    this.running = false;
    await this.loop;
    return this.statuses;
  }
}

describe('abuse: one client cannot stall the suite for the others', () => {
  const MAX_IN_FLIGHT = 4;
  const MAX_CONNECTIONS = 12;
  let suite: Suite;
  let api: Api;
  let normal: NormalClient;
  let owner: Account;
  let villageId: string;

  beforeAll(async () => {
    suite = await bootSuite({
      gateway: {
        MAX_IN_FLIGHT_REQUESTS: String(MAX_IN_FLIGHT),
        MAX_CONNECTIONS_PER_IP: String(MAX_CONNECTIONS),
        BODY_TIMEOUT_MS: '1500',
      },
    });
    api = new Api(suite.url);
    owner = await signUp(api);
    const village = await api.post('/v1/villages', {
      token: owner.accessToken,
      body: { name: 'Calm Street', visibility: 'private' },
    });
    villageId = village.body.id;
    normal = new NormalClient(api, owner, villageId);
    normal.start();
  });

  afterAll(async () => {
    await normal.stop();
    await suite.close();
  });

  it('serves others while more stalled bodies than the in-flight limit are open, then answers each 408 and closes it', async () => {
    const stalled = await Promise.all(
      Array.from({ length: MAX_IN_FLIGHT * 2 + 2 }, () => RawConnection.open(suite.url, '127.0.0.2')),
    );
    for (const connection of stalled) connection.stallBody();
    const before = normal.statuses.length;
    await normal.madeMore(10);
    expect(normal.statuses.slice(before).every((status) => status === 200 || status === 201)).toBe(true);
    const other = await api.post('/v1/auth/login', { body: { email: owner.email, password: PASSWORD } });
    expect(other.status).toBe(200);

    await Promise.all(stalled.map((connection) => connection.closed));
    for (const connection of stalled) {
      expect(connection.received).toMatch(/^HTTP\/1\.1 408 /);
      expect(connection.received).toContain('"code":"request_timeout"');
      expect(connection.received.toLowerCase()).toContain('connection: close');
    }
  });

  it('caps open connections per address: one more is answered 429 and closed, other addresses are served', async () => {
    const held = await Promise.all(
      Array.from({ length: MAX_CONNECTIONS }, () => RawConnection.open(suite.url, '127.0.0.3')),
    );
    try {
      const refused = await RawConnection.open(suite.url, '127.0.0.3');
      await refused.closed;
      expect(refused.received).toMatch(/^HTTP\/1\.1 429 /);
      expect(refused.received).toContain('"code":"rate_limited"');
      const before = normal.statuses.length;
      await normal.madeMore(4);
      expect(normal.statuses.slice(before).every((status) => status === 200 || status === 201)).toBe(true);
    } finally {
      for (const connection of held) connection.socket.destroy();
    }
    // Closed connections are counted out: the address may connect again.
    await eventually(async () => {
      const again = await RawConnection.open(suite.url, '127.0.0.3');
      again.socket.write('GET /health/live HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n');
      await again.closed;
      expect(again.received).toMatch(/^HTTP\/1\.1 200 /);
    });
  });

  it('refuses JSON nested deeper than 32 levels with 400 invalid before any recursive code sees it', async () => {
    const token = owner.accessToken;
    const deep = await api.post('/v1/villages', {
      token,
      body: { name: 'Deep', visibility: 'private', data: nestedObject(4000) },
    });
    expectProblem(deep, 400, 'invalid');
    expect(deep.body.errors).toEqual([{ field: '', reason: expect.stringContaining('32 levels') }]);
    const deepArray = await api.post(`/v1/villages/${villageId}/topics`, {
      token,
      body: `{"title":"t","data":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
    });
    expectProblem(deepArray, 400, 'invalid');
    const metadata = await api.request('PUT', '/v1/metadata/user/deep', { token, body: nestedObject(2000) });
    expectProblem(metadata, 400, 'invalid');

    // 32 levels in all are fine: the body, `data`, and 30 more.
    const fine = await api.post('/v1/villages', {
      token,
      body: { name: 'Nested', visibility: 'private', data: { a: nestedObject(29) } },
    });
    expect(fine.status).toBe(201);

    // The stream's client messages too: an error, and the socket stays open.
    const stream = await StreamClient.connect(suite.url, token);
    try {
      stream.socket.send(`{"type":"ping","a":${'['.repeat(5000)}${']'.repeat(5000)}}`);
      const error = await stream.next((message) => message.type === 'error');
      expect(error).toMatchObject({ code: 'invalid' });
      stream.send({ type: 'ping' });
      await stream.next((message) => message.type === 'pong');
    } finally {
      stream.close();
    }
  });

  it('refuses unbounded recurrence rules and year-long-plus or far-future ranges at once, nothing stored', async () => {
    const token = owner.accessToken;
    const events = `/v1/villages/${villageId}/events`;
    const event = (fields: Record<string, unknown>) => ({
      title: 'Forever',
      startsAt: '2027-01-04T08:00:00Z',
      endsAt: '2027-01-04T09:00:00Z',
      timeZone: 'Europe/Berlin',
      ...fields,
    });
    const before = normal.statuses.length;
    // One after another (the normal client runs beside them): this suite's in-flight limit is 4.
    const attacks = [
      () => api.post(events, { token, body: event({ rrule: 'FREQ=DAILY;UNTIL=99991231T000000Z' }) }),
      () => api.post(events, { token, body: event({ rrule: 'FREQ=DAILY;INTERVAL=0' }) }),
      () => api.post(events, { token, body: event({ rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' }) }),
      () => api.get(`${events}?from=9999-01-01T00:00:00Z&to=9999-12-01T00:00:00Z`, { token }),
      () => api.get(`${events}?from=2027-01-01T00:00:00Z&to=2047-01-01T00:00:00Z`, { token }),
    ];
    const answers = [];
    for (const attack of attacks) answers.push(await attack());
    for (const answer of answers) expectProblem(answer, 400, 'invalid');
    const stored = await api.get(`${events}?from=2027-01-01T00:00:00Z&to=2027-12-31T00:00:00Z`, { token });
    expect(stored.body.items).toEqual([]);
    await normal.madeMore(4);
    expect(normal.statuses.slice(before).every((status) => status === 200 || status === 201)).toBe(true);
  });

  it('kept the normal client answered with 2xx through every attack above', () => {
    expect(normal.statuses.length).toBeGreaterThan(0);
    expect(normal.statuses.filter((status) => status !== 200 && status !== 201)).toEqual([]);
  });
});

describe('abuse: a database outage is 503 unavailable, not 500', () => {
  let proxy: TcpProxy;
  let suite: Suite;
  let api: Api;

  beforeAll(async () => {
    const pg = new URL((await infrastructure()).adminDatabaseUrl);
    proxy = await startTcpProxy(pg.hostname, Number(pg.port || 5432));
    // Messaging reaches PostgreSQL through the proxy: cutting it is messaging's database vanishing.
    suite = await bootSuite({
      messaging: (env) => ({ DATABASE_URL: proxy.via(env.DATABASE_URL), DB_CONNECT_TIMEOUT_MS: '1000' }),
    });
    api = new Api(suite.url);
  });

  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await suite.close();
    await proxy.close();
  });

  it('answers reads and writes 503 with Retry-After while PostgreSQL is gone, changes nothing, and recovers', async () => {
    const owner = await signUp(api);
    const token = owner.accessToken;
    const village = await api.post('/v1/villages', {
      token,
      body: { name: 'Outage', visibility: 'private' },
    });
    const topics = `/v1/villages/${village.body.id}/topics`;
    expect((await api.post(topics, { token, body: { title: 'before' } })).status).toBe(201);

    await proxy.cut();
    for (let attempt = 0; attempt < 5; attempt++) {
      const write = await api.post(topics, { token, body: { title: `during ${attempt}` } });
      expectProblem(write, 503, 'unavailable');
      expect(Number(write.headers.get('retry-after'))).toBeGreaterThan(0);
      expectProblem(await api.get(topics, { token }), 503, 'unavailable');
    }
    // Services with their database still there are unaffected.
    expect((await api.get('/v1/me', { token })).status).toBe(200);

    await proxy.restore();
    await eventually(async () => expect((await api.get(topics, { token })).status).toBe(200));
    const list = await api.get(topics, { token });
    expect(list.body.items.map((topic: { title: string }) => topic.title)).toEqual(['before']);
  });
});
