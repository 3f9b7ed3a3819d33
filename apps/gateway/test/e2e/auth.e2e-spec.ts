import { randomUUID } from 'node:crypto';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, PASSWORD, signUp } from './http';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

describe('accounts and sessions', () => {
  let suite: Suite;
  let api: Api;

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
  });

  afterAll(() => suite.close());

  const newEmail = (): string => `user-${randomUUID()}@example.com`;

  describe('POST /v1/auth/signup', () => {
    it('answers 201 with the user and a token pair', async () => {
      const email = newEmail();
      const answer = await api.post('/v1/auth/signup', {
        body: { email: `  ${email.toUpperCase()} `, password: PASSWORD, displayName: 'Ann Example' },
      });
      expect(answer.status).toBe(201);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.body).toEqual({
        user: expect.objectContaining({
          id: expect.stringMatching(UUID),
          email,
          displayName: 'Ann Example',
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        }),
        accessToken: expect.stringMatching(JWT),
        refreshToken: expect.any(String),
        expiresIn: expect.any(Number),
      });
      expect(answer.body.expiresIn).toBeGreaterThan(0);
    });

    it('answers 409 email_taken for an email already registered', async () => {
      const { email } = await signUp(api);
      const answer = await api.post('/v1/auth/signup', {
        body: { email, password: PASSWORD, displayName: 'Again' },
      });
      expectProblem(answer, 409, 'email_taken');
    });

    it('answers 400 weak_password for a short password, naming the field', async () => {
      const answer = await api.post('/v1/auth/signup', {
        body: { email: newEmail(), password: 'short', displayName: 'Weak' },
      });
      expectProblem(answer, 400, 'weak_password');
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    });

    it('answers 400 with errors[] for an unknown field (no mass assignment)', async () => {
      const answer = await api.post('/v1/auth/signup', {
        body: { email: newEmail(), password: PASSWORD, displayName: 'Mallory', role: 'admin' },
      });
      expectProblem(answer, 400, 'invalid');
      expect(answer.body.errors).toEqual([{ field: 'role', reason: 'unknown field' }]);
    });

    it('answers 400 with a reason per field for an invalid body', async () => {
      const answer = await api.post('/v1/auth/signup', { body: { email: 'not-an-email', displayName: '' } });
      expectProblem(answer, 400, 'invalid');
      expect(answer.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
        'displayName',
        'email',
        'password',
      ]);
    });
  });

  describe('POST /v1/auth/login', () => {
    it('answers 200 with a new token pair', async () => {
      const account = await signUp(api);
      const answer = await api.post('/v1/auth/login', { body: { email: account.email, password: PASSWORD } });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        user: { id: account.userId, email: account.email },
        accessToken: expect.stringMatching(JWT),
        refreshToken: expect.any(String),
      });
      expect(answer.body.refreshToken).not.toBe(account.refreshToken);
      expect((await api.get('/v1/me', { token: answer.body.accessToken })).status).toBe(200);
    });

    it('answers a wrong password and an unknown email with the same 401 invalid_credentials', async () => {
      const account = await signUp(api);
      const wrongPassword = await api.post('/v1/auth/login', {
        body: { email: account.email, password: 'not the password at all' },
      });
      const unknownEmail = await api.post('/v1/auth/login', {
        body: { email: newEmail(), password: 'not the password at all' },
      });
      expectProblem(wrongPassword, 401, 'invalid_credentials');
      expectProblem(unknownEmail, 401, 'invalid_credentials');
      const { requestId: _a, ...first } = wrongPassword.body;
      const { requestId: _b, ...second } = unknownEmail.body;
      expect(first).toEqual(second);
      expect(wrongPassword.headers.get('www-authenticate')).toBe(
        unknownEmail.headers.get('www-authenticate'),
      );
    });
  });

  it('answers a route that only forwards with the service’s JSON, as the gateway serialised it before', async () => {
    const { accessToken } = await signUp(api);
    const response = await fetch(`${suite.url}/v1/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    // Before, the gateway parsed the service's answer and Fastify wrote it again with JSON.stringify.
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    expect(JSON.parse(text)).toMatchObject({ id: expect.stringMatching(UUID) });
  });

  describe('POST /v1/auth/refresh', () => {
    it('rotates the pair; the old refresh token then fails with 401', async () => {
      const account = await signUp(api);
      const rotated = await api.post('/v1/auth/refresh', { body: { refreshToken: account.refreshToken } });
      expect(rotated.status).toBe(200);
      expect(rotated.body).toMatchObject({
        user: { id: account.userId },
        accessToken: expect.stringMatching(JWT),
      });
      expect(rotated.body.refreshToken).not.toBe(account.refreshToken);
      expect((await api.get('/v1/me', { token: rotated.body.accessToken })).status).toBe(200);

      const old = await api.post('/v1/auth/refresh', { body: { refreshToken: account.refreshToken } });
      expect(old.status).toBe(401);
      expect(old.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('revokes the whole session when a rotated token is reused: the newest token fails too', async () => {
      const account = await signUp(api);
      const second = await api.post('/v1/auth/refresh', { body: { refreshToken: account.refreshToken } });
      const third = await api.post('/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
      expect(third.status).toBe(200);

      const reuse = await api.post('/v1/auth/refresh', { body: { refreshToken: account.refreshToken } });
      expectProblem(reuse, 401, 'session_revoked');
      const newest = await api.post('/v1/auth/refresh', { body: { refreshToken: third.body.refreshToken } });
      expectProblem(newest, 401, 'session_revoked');
    });

    it('answers 401 invalid_token for a refresh token it never issued', async () => {
      const answer = await api.post('/v1/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } });
      expectProblem(answer, 401, 'invalid_token');
    });
  });

  describe('POST /v1/auth/logout', () => {
    it('answers 204 with no body; the refresh token then fails with 401', async () => {
      const account = await signUp(api);
      const answer = await api.post('/v1/auth/logout', { body: { refreshToken: account.refreshToken } });
      expect(answer.status).toBe(204);
      expect(answer.body).toBeNull();
      expect(answer.headers.get('content-type')).toBeNull();
      const after = await api.post('/v1/auth/refresh', { body: { refreshToken: account.refreshToken } });
      expect(after.status).toBe(401);
      expect(['session_revoked', 'invalid_token']).toContain(after.body.code);
    });
  });
});
