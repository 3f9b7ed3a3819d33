import { randomUUID } from 'node:crypto';
import { eventually } from '@vv/testing';
import { Client } from 'pg';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, PASSWORD, signUp, type Answer } from './http';

describe('request limits and malformed requests', () => {
  let suite: Suite;
  let api: Api;

  beforeAll(async () => {
    suite = await bootSuite({ identity: { LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3' } });
    api = new Api(suite.url);
  });

  afterAll(() => suite.close());

  it('answers 413 payload_too_large for a body over the limit (1 MiB)', async () => {
    const body = { email: 'a@example.com', password: 'x'.repeat(1024 * 1024 + 10), displayName: 'Big' };
    expectProblem(await api.post('/v1/auth/signup', { body }), 413, 'payload_too_large');
  });

  it('answers 400 invalid for a malformed JSON body', async () => {
    expectProblem(await api.post('/v1/auth/login', { body: '{"email": ' }), 400, 'invalid');
  });

  it('answers 415 unsupported_media_type for a body that is not JSON', async () => {
    const form = await api.post('/v1/auth/login', {
      body: `email=a%40example.com&password=${PASSWORD}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(form, 415, 'unsupported_media_type');
    const text = await api.post('/v1/auth/login', {
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(text, 415, 'unsupported_media_type');
  });

  it('takes a POST without a body, or with an empty one, when every field of its body is optional', async () => {
    const account = await signUp(api);
    const token = account.accessToken;
    const village = await api.post('/v1/villages', { token, body: { name: 'Files', visibility: 'private' } });
    const file = await api.post(`/v1/villages/${village.body.id}/files`, {
      token,
      body: { name: 'a.txt', contentType: 'text/plain', size: 3 },
    });
    expect(file.status).toBe(201);
    const complete = `/v1/files/${file.body.file.id}/complete`;
    // Not uploaded yet: the body was accepted and the file checked (409), not the request refused (400).
    expectProblem(await api.post(complete, { token }), 409, 'upload_incomplete');
    const empty = await api.post(complete, {
      token,
      body: '',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(empty, 409, 'upload_incomplete');
    // A route whose body has required fields still names each of them.
    const missing = await api.post('/v1/villages', { token });
    expectProblem(missing, 400, 'invalid');
    expect(missing.body.errors.map((error: { field: string }) => error.field)).toEqual(
      expect.arrayContaining(['name']),
    );
  });

  it('answers 404 not_found as problem+json for an unknown route', async () => {
    expectProblem(await api.get('/v1/nothing-here'), 404, 'not_found');
    expectProblem(await api.post('/v1/me'), 404, 'not_found');
  });

  it("passes identity's brute-force refusal on as 429 with Retry-After", async () => {
    const account = await signUp(api);
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await api.post('/v1/auth/login', {
        body: { email: account.email, password: 'wrong password!' },
      });
      expectProblem(answer, 401, 'invalid_credentials');
    }
    const blocked = await api.post('/v1/auth/login', { body: { email: account.email, password: PASSWORD } });
    expectProblem(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe("the gateway's own rate limits", () => {
  let suite: Suite;
  let api: Api;

  beforeAll(async () => {
    suite = await bootSuite({
      gateway: {
        RATE_LIMIT_IP_PER_MINUTE: '12',
        RATE_LIMIT_AUTH_IP_PER_MINUTE: '3',
        RATE_LIMIT_USER_PER_MINUTE: '2',
      },
    });
    api = new Api(suite.url);
  });

  afterAll(() => suite.close());

  it('limits each user, each IP on /v1/auth/*, and each IP on every /v1 route', async () => {
    // 1 auth request, 1 IP request
    const account = await signUp(api);

    // Per user: 2 a minute (2 more IP requests, 3 in all).
    expect((await api.get('/v1/me', { token: account.accessToken })).status).toBe(200);
    expect((await api.get('/v1/me', { token: account.accessToken })).status).toBe(200);
    const user = await api.get('/v1/me', { token: account.accessToken });
    expectProblem(user, 429, 'rate_limited');
    expect(Number(user.headers.get('retry-after'))).toBeGreaterThan(0);

    // Per IP on /v1/auth/*: 3 a minute, the signup was the first (IP requests 5 and 6).
    const email = `user-${randomUUID()}@example.com`;
    for (let i = 0; i < 2; i++) {
      expect((await api.post('/v1/auth/login', { body: { email, password: PASSWORD } })).status).toBe(401);
    }
    const auth = await api.post('/v1/auth/login', { body: { email, password: PASSWORD } });
    expectProblem(auth, 429, 'rate_limited');
    expect(Number(auth.headers.get('retry-after'))).toBeGreaterThan(0);

    // Per IP on every /v1 route: 12 a minute; 7 taken so far, the 13th is refused.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.get('/v1/.well-known/jwks.json')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);

    // Outside /v1 nothing is limited.
    expect((await api.get('/health/live')).status).toBe(200);
  });
});

describe('the client IP behind a trusted proxy', () => {
  let suite: Suite;
  let api: Api;

  beforeAll(async () => {
    suite = await bootSuite({
      gateway: { TRUST_PROXY: 'true' },
      identity: { LOGIN_MAX_FAILURES_PER_IP: '2' },
    });
    api = new Api(suite.url);
  });

  afterAll(() => suite.close());

  const login = (ip: string): ReturnType<Api['post']> =>
    api.post('/v1/auth/login', {
      body: { email: `user-${randomUUID()}@example.com`, password: PASSWORD },
      headers: { 'x-forwarded-for': ip },
    });

  it("reaches identity, whose per-IP brute-force limit then applies to that client's address only", async () => {
    expectProblem(await login('198.51.100.7'), 401, 'invalid_credentials');
    expectProblem(await login('198.51.100.7'), 401, 'invalid_credentials');
    const blocked = await login('198.51.100.7');
    expectProblem(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expectProblem(await login('198.51.100.8'), 401, 'invalid_credentials');
  });

  it('lets the owner in from their own address after wrong passwords from many others; those wait', async () => {
    const account = await signUp(api);
    const attempt = (password: string, ip: string): ReturnType<Api['post']> =>
      api.post('/v1/auth/login', {
        body: { email: account.email, password },
        headers: { 'x-forwarded-for': ip },
      });
    // The attack: a wrong password from each of five (and more) addresses.
    for (let host = 1; host <= 6; host++) {
      expectProblem(await attempt('wrong password!', `203.0.113.${host}`), 401, 'invalid_credentials');
    }
    const attacker = await attempt(PASSWORD, '203.0.113.1');
    expectProblem(attacker, 429, 'rate_limited');
    expect(Number(attacker.headers.get('retry-after'))).toBeGreaterThan(0);

    const owner = await attempt(PASSWORD, '192.0.2.10');
    expect(owner.status).toBe(200);
    expect(owner.body.user.id).toBe(account.userId);
  });
});

describe('load shedding: requests in progress on a gateway replica', () => {
  let suite: Suite;
  let api: Api;

  beforeAll(async () => {
    suite = await bootSuite({ gateway: { MAX_IN_FLIGHT_REQUESTS: '1' } });
    api = new Api(suite.url);
  });

  afterAll(() => suite.close());

  /** A sign-in held inside identity by a lock on its credentials, so it stays in progress on the gateway. */
  const heldLogin = async (): Promise<{ answer: Promise<Answer>; release: () => Promise<void> }> => {
    const pg = new Client({ connectionString: suite.environment.database.url });
    await pg.connect();
    await pg.query('begin');
    await pg.query('lock table identity.credentials in access exclusive mode');
    const answer = api.post('/v1/auth/login', {
      body: { email: `user-${randomUUID()}@example.com`, password: PASSWORD },
    });
    return {
      answer,
      release: async () => {
        await pg.query('commit');
        await pg.end();
      },
    };
  };

  it('answers one more 503 unavailable at once with Retry-After, and lets requests in again when there is room', async () => {
    const held = await heldLogin();
    try {
      // The held sign-in takes the slot once it is admitted: until then the next request gets in.
      const refused = await eventually(async () => {
        const answer = await api.get('/v1/.well-known/jwks.json');
        expect(answer.status).toBe(503);
        return answer;
      });
      expectProblem(refused, 503, 'unavailable');
      expect(refused.headers.get('retry-after')).toBe('1');
      // Health and metrics are not API requests: a busy replica is still alive and ready.
      expect((await api.get('/health/ready')).status).toBe(200);
      const account = await api.post('/v1/auth/signup', {
        body: { email: `user-${randomUUID()}@example.com`, password: PASSWORD, displayName: 'Shed' },
      });
      expectProblem(account, 503, 'unavailable');
      // The refusals came before any work on them (the replica was full when they arrived), and show.
      const metrics = (await api.get('/metrics')).body as string;
      expect(metrics).toMatch(/^vv_http_concurrency_limit\{[^}]*\} 1$/m);
      expect(metrics).toMatch(/^vv_http_requests_in_flight\{[^}]*\} 1$/m);
      expect(metrics).toMatch(/^vv_http_requests_shed_total\{stage="arrival"[^}]*\} ([2-9]|\d{2,})$/m);
    } finally {
      await held.release();
    }
    expectProblem(await held.answer, 401, 'invalid_credentials');
    expect((await api.get('/v1/.well-known/jwks.json')).status).toBe(200);
  });
});
