import { randomUUID } from 'node:crypto';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, signUp, type Account } from './http';

describe('metadata over HTTP', () => {
  let suite: Suite;
  let api: Api;
  let appAdmin: Account;
  let owner: Account;
  let outsider: Account;
  let villageId: string;
  const adminEmail = `admin-${randomUUID()}@example.com`;

  beforeAll(async () => {
    suite = await bootSuite({ identity: { APP_ADMIN_EMAILS: adminEmail } });
    api = new Api(suite.url);
    const signup = await api.post('/v1/auth/signup', {
      body: { email: adminEmail, password: 'correct horse battery staple', displayName: 'Admin' },
    });
    appAdmin = {
      email: adminEmail,
      userId: signup.body.user.id,
      accessToken: signup.body.accessToken,
      refreshToken: signup.body.refreshToken,
    };
    owner = await signUp(api, 'Owner');
    outsider = await signUp(api, 'Outsider');
    const village = await api.post('/v1/villages', {
      token: owner.accessToken,
      body: { name: 'Private', visibility: 'private' },
    });
    expect(village.status).toBe(201);
    villageId = village.body.id;
  });

  afterAll(() => suite.close());

  const put = (token: string, path: string, body: unknown, ifMatch?: string) =>
    api.request('PUT', `/v1/metadata/${path}`, {
      token,
      body: JSON.stringify(body),
      headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
    });

  it('PUT then GET answer the document with its version as the ETag', async () => {
    const created = await put(owner.accessToken, 'user/prefs', { theme: 'dark' });
    expect(created.status).toBe(200);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({
      scope: `user:${owner.userId}`,
      key: 'prefs',
      version: 1,
      value: { theme: 'dark' },
    });

    const read = await api.get('/v1/metadata/user/prefs', { token: owner.accessToken });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body.value).toEqual({ theme: 'dark' });
  });

  it('honours If-Match: the current version writes, a stale one answers 412', async () => {
    const first = await put(owner.accessToken, 'user/draft', 'one');
    const etag = first.headers.get('etag')!;
    const second = await put(owner.accessToken, 'user/draft', 'two', etag);
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe('"2"');
    expectProblem(await put(owner.accessToken, 'user/draft', 'three', etag), 412, 'precondition_failed');
    expectProblem(await put(owner.accessToken, 'user/never', 'x', '"1"'), 412, 'precondition_failed');
    // RFC 9110: a tag that is not the current version's strong tag is a failed precondition, not bad syntax.
    expectProblem(await put(owner.accessToken, 'user/draft', 'x', 'W/"2"'), 412, 'precondition_failed');
    expectProblem(await put(owner.accessToken, 'user/draft', 'x', '"abc"'), 412, 'precondition_failed');
    expectProblem(await put(owner.accessToken, 'user/draft', 'x', 'abc'), 400, 'invalid');

    expectProblem(
      await api.delete('/v1/metadata/user/draft', {
        token: owner.accessToken,
        headers: { 'if-match': etag },
      }),
      412,
      'precondition_failed',
    );
    const deleted = await api.delete('/v1/metadata/user/draft', {
      token: owner.accessToken,
      headers: { 'if-match': '"2"' },
    });
    expect(deleted.status).toBe(204);
    expectProblem(await api.get('/v1/metadata/user/draft', { token: owner.accessToken }), 404, 'not_found');
  });

  it('honours If-Match: * (the document exists) and a list of entity tags (any of them)', async () => {
    expectProblem(await put(owner.accessToken, 'user/star', 'x', '*'), 412, 'precondition_failed');
    expect((await put(owner.accessToken, 'user/star', 'one')).status).toBe(200);
    const star = await put(owner.accessToken, 'user/star', 'two', '*');
    expect(star.status).toBe(200);
    expect(star.headers.get('etag')).toBe('"2"');
    const listed = await put(owner.accessToken, 'user/star', 'three', '"9", W/"2", "2"');
    expect(listed.headers.get('etag')).toBe('"3"');
    expectProblem(await put(owner.accessToken, 'user/star', 'four', '"1", "2"'), 412, 'precondition_failed');
    const deleted = await api.delete('/v1/metadata/user/star', {
      token: owner.accessToken,
      headers: { 'if-match': '*' },
    });
    expect(deleted.status).toBe(204);
    expectProblem(
      await api.delete('/v1/metadata/user/star', { token: owner.accessToken, headers: { 'if-match': '*' } }),
      412,
      'precondition_failed',
    );
  });

  it('accepts any JSON value as the body, null included', async () => {
    const answer = await put(owner.accessToken, 'user/nothing', null);
    expect(answer.status).toBe(200);
    expect(answer.body.value).toBeNull();
  });

  it('app documents: everyone reads, only app admins write; app/roles is validated', async () => {
    expect((await put(appAdmin.accessToken, 'app/features', { chat: true })).status).toBe(200);
    expect((await api.get('/v1/metadata/app/features', { token: outsider.accessToken })).body.value).toEqual({
      chat: true,
    });
    expectProblem(await put(owner.accessToken, 'app/features', {}), 403, 'forbidden');
    const invalid = await put(appAdmin.accessToken, 'app/roles', { HELPER: ['no.such.permission'] });
    expectProblem(invalid, 400, 'invalid');
    expect(invalid.body.errors[0].field).toMatch(/^value\.HELPER/);
  });

  it('village documents: a private village is 404 to outsiders', async () => {
    const path = `village:${villageId}/settings`;
    expect((await put(owner.accessToken, path, { a: 1 })).status).toBe(200);
    expectProblem(await api.get(`/v1/metadata/${path}`, { token: outsider.accessToken }), 404, 'not_found');
    expectProblem(await put(outsider.accessToken, path, { a: 2 }), 404, 'not_found');
  });

  it('refuses a document over 256 KiB with 413, and a bad scope or key with 400', async () => {
    expectProblem(
      await put(owner.accessToken, 'user/big', { s: 'x'.repeat(256 * 1024) }),
      413,
      'payload_too_large',
    );
    expectProblem(await api.get('/v1/metadata/everyone/k', { token: owner.accessToken }), 400, 'invalid');
    expectProblem(await api.get('/v1/metadata/user/Bad%20Key', { token: owner.accessToken }), 400, 'invalid');
    expectProblem(await api.get('/v1/metadata/user/prefs'), 401, 'unauthenticated');
  });

  it('documents the routes, with If-Match as a header parameter', async () => {
    const doc = (await api.get('/docs/openapi.json')).body;
    const putOperation = doc.paths['/v1/metadata/{scope}/{key}'].put;
    expect(putOperation.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'if-match', in: 'header', required: false })]),
    );
    expect(putOperation.responses).toHaveProperty('412');
  });
});
