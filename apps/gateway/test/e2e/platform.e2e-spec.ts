import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { eventSubject, EVENTS, serviceStreamName } from '@vv/contracts';
import Ajv from 'ajv';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, signUp } from './http';

/** Every operation of the API (API.md); a route added or removed must change this list. */
const ROUTES = [
  'post /v1/auth/signup',
  'post /v1/auth/login',
  'post /v1/auth/refresh',
  'post /v1/auth/logout',
  'get /v1/me',
  'patch /v1/me',
  'delete /v1/me',
  'get /v1/users/{id}',
  'get /v1/.well-known/jwks.json',
  'post /v1/villages/{villageId}/broadcasts',
  'get /v1/villages/{villageId}/broadcasts',
  'post /v1/villages/{villageId}/broadcasts/read',
  'get /v1/villages/{villageId}/contacts',
  'post /v1/villages/{villageId}/contacts',
  'get /v1/villages/{villageId}/contacts/{id}',
  'patch /v1/villages/{villageId}/contacts/{id}',
  'delete /v1/villages/{villageId}/contacts/{id}',
  'post /v1/villages/{villageId}/conversations',
  'get /v1/villages/{villageId}/conversations',
  'get /v1/conversations/{id}/messages',
  'post /v1/conversations/{id}/messages',
  'post /v1/conversations/{id}/read',
  'patch /v1/messages/{id}',
  'delete /v1/messages/{id}',
  'post /v1/villages/{villageId}/invitations',
  'get /v1/villages/{villageId}/invitations',
  'delete /v1/villages/{villageId}/invitations/{id}',
  'post /v1/villages/{villageId}/invitations/{id}/resend',
  'get /v1/me/invitations',
  'post /v1/invitations/accept',
  'post /v1/invitations/decline',
  'post /v1/me/invitations/{id}/accept',
  'post /v1/me/invitations/{id}/decline',
  'get /v1/metadata/{scope}/{key}',
  'put /v1/metadata/{scope}/{key}',
  'delete /v1/metadata/{scope}/{key}',
  'get /v1/topics/{id}/posts',
  'post /v1/topics/{id}/posts',
  'patch /v1/posts/{id}',
  'delete /v1/posts/{id}',
  'put /v1/posts/{id}/reactions/{emoji}',
  'delete /v1/posts/{id}/reactions/{emoji}',
  'get /v1/villages/{villageId}/search',
  'get /v1/villages/{villageId}/topics',
  'post /v1/villages/{villageId}/topics',
  'get /v1/topics/{id}',
  'patch /v1/topics/{id}',
  'delete /v1/topics/{id}',
  'get /v1/villages/{villageId}/events',
  'post /v1/villages/{villageId}/events',
  'get /v1/events/{id}',
  'patch /v1/events/{id}',
  'delete /v1/events/{id}',
  'put /v1/events/{id}/attendance',
  'post /v1/villages',
  'get /v1/villages',
  'get /v1/villages/{villageId}',
  'patch /v1/villages/{villageId}',
  'delete /v1/villages/{villageId}',
  'post /v1/villages/{villageId}/join',
  'get /v1/villages/{villageId}/members',
  'post /v1/villages/{villageId}/members',
  'patch /v1/villages/{villageId}/members/{userId}',
  'delete /v1/villages/{villageId}/members/{userId}',
  'get /v1/villages/{villageId}/calendar.ics',
  'post /v1/villages/{villageId}/calendar-token',
  'delete /v1/villages/{villageId}/calendar-token',
  'post /v1/villages/{villageId}/files',
  'get /v1/villages/{villageId}/files',
  'post /v1/files/{id}/complete',
  'get /v1/files/{id}',
  'patch /v1/files/{id}',
  'delete /v1/files/{id}',
  'get /v1/files/{id}/download',
  'get /v1/files/{id}/downloads',
  'get /v1/me/notifications',
  'post /v1/me/notifications/read',
  'get /v1/villages/{villageId}/notification-preferences',
  'put /v1/villages/{villageId}/notification-preferences',
  'post /v1/me/push-subscriptions',
  'delete /v1/me/push-subscriptions/{id}',
  'get /v1/push/vapid-public-key',
  'get /v1/villages/{villageId}/webhooks',
  'post /v1/villages/{villageId}/webhooks',
  'patch /v1/villages/{villageId}/webhooks/{id}',
  'delete /v1/villages/{villageId}/webhooks/{id}',
  'get /v1/villages/{villageId}/webhooks/{id}/deliveries',
  'post /v1/villages/{villageId}/webhooks/{id}/deliveries/{deliveryId}/redeliver',
];

describe('platform routes of the gateway', () => {
  let suite: Suite;
  let api: Api;

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
  });

  afterAll(() => suite.close());

  it('GET /health/ready answers 200 once identity answers its health check', async () => {
    const answer = await api.get('/health/ready');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'ok',
      checks: {
        nats: { ok: true },
        identity: { ok: true },
        messaging: { ok: true },
        calendar: { ok: true },
        files: { ok: true },
      },
    });
    expect((await api.get('/health/live')).status).toBe(200);
  });

  it('GET /docs/openapi.json is an OpenAPI 3.1 document of every route', async () => {
    const answer = await api.get('/docs/openapi.json');
    expect(answer.status).toBe(200);
    const doc = answer.body;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const operations = Object.entries(doc.paths as Record<string, object>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(operations.sort()).toEqual([...ROUTES].sort());
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/v1/me'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/v1/auth/signup'].post.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      properties: {
        email: expect.any(Object),
        password: expect.any(Object),
        displayName: expect.any(Object),
      },
    });
    expect(doc.paths['/v1/auth/signup'].post.responses['409'].content).toHaveProperty([
      'application/problem+json',
    ]);
  });

  it('GET /docs serves Swagger UI with its assets', async () => {
    const page = await api.get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui-bundle.js');
    const bundle = await fetch(`${suite.url}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    const initializer = await api.get('/docs/assets/swagger-initializer.js');
    expect(initializer.body).toContain('/docs/openapi.json');
    expectProblem(await api.get('/docs/assets/package.json'), 404, 'not_found');
  });

  it('GET /docs/asyncapi.json is an AsyncAPI 3.0 document of every event and the stream, and a published event fits it', async () => {
    const answer = await api.get('/docs/asyncapi.json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const doc = answer.body;
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.values(doc.channels as Record<string, { address: string }>).map((c) => c.address)).toEqual([
      ...Object.values(EVENTS).map((def) => eventSubject('vv', def)),
      '/v1/stream',
    ]);
    const etag = answer.headers.get('etag')!;
    expect((await api.get('/docs/asyncapi.json', { headers: { 'if-none-match': etag } })).status).toBe(304);

    const account = await signUp(api);
    const { prefix, natsUrl } = suite.environment;
    const nc = await connect({ servers: natsUrl });
    try {
      const consumer = await jetstream(nc).consumers.get(serviceStreamName(prefix, 'identity'), {
        filter_subjects: eventSubject(prefix, EVENTS['identity.user.registered.v1']),
      });
      let published: { data: { userId: string } } | undefined;
      for (let tries = 0; tries < 20 && published?.data.userId !== account.userId; tries++)
        published = (await consumer.next({ expires: 1000 }))?.json();
      expect(published?.data.userId).toBe(account.userId);
      const ajv = new Ajv();
      ajv.addSchema(doc, 'asyncapi.json');
      const validate = ajv.getSchema(
        'asyncapi.json#/components/messages/identity.user.registered.v1/payload',
      )!;
      expect(validate(published)).toBe(true);
    } finally {
      await nc.close();
    }
  });

  it('GET /metrics exposes the request histogram by route and status', async () => {
    const account = await signUp(api);
    await api.get('/v1/me', { token: account.accessToken });
    const answer = await api.get('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.body).toMatch(
      /vv_http_request_duration_seconds_count\{[^}]*route="\/v1\/me"[^}]*status="200"[^}]*\} [1-9]/,
    );
    expect(answer.body).toMatch(/vv_rpc_client_duration_seconds_count\{[^}]*command="identity\.me\.get\.v1"/);
  });

  it('echoes a sane x-request-id and replaces an unsafe one, also on errors', async () => {
    const echoed = await api.get('/v1/me', { headers: { 'x-request-id': 'trace-123.abc_DEF' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123.abc_DEF');
    expectProblem(echoed, 401, 'unauthenticated');
    expect(echoed.body.requestId).toBe('trace-123.abc_DEF');

    const replaced = await api.get('/health/live', { headers: { 'x-request-id': 'x'.repeat(129) } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
