import { randomUUID } from 'node:crypto';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, signUp, type Account } from './http';

describe('profiles', () => {
  let suite: Suite;
  let api: Api;
  let ann: Account;
  let bob: Account;

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    ann = await signUp(api, 'Ann Example');
    bob = await signUp(api, 'Bob Example');
  });

  afterAll(() => suite.close());

  it('GET /v1/me answers the own profile with every field', async () => {
    const answer = await api.get('/v1/me', { token: ann.accessToken });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: ann.userId,
      email: ann.email,
      displayName: 'Ann Example',
      contact: {},
      emergency: {},
      preferences: {},
      data: {},
      sharing: expect.objectContaining({ email: expect.any(String) }),
    });
  });

  it('PATCH /v1/me updates only the fields given', async () => {
    const patch = {
      displayName: 'Ann Updated',
      contact: { phone: '+1 555 0100', website: 'https://ann.example.com' },
      emergency: { name: 'Carl', phone: '+1 555 0199' },
      data: { theme: 'dark' },
      sharing: { email: 'public', contact: 'villagers', emergency: 'private', data: 'private' },
    };
    const answer = await api.patch('/v1/me', { token: ann.accessToken, body: patch });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ...patch, id: ann.userId, email: ann.email });
    const read = await api.get('/v1/me', { token: ann.accessToken });
    expect(read.body).toMatchObject(patch);
  });

  it('PATCH /v1/me refuses an unknown field with 400 and errors[]', async () => {
    const answer = await api.patch('/v1/me', {
      token: ann.accessToken,
      body: { displayName: 'X', email: 'new@x.io' },
    });
    expectProblem(answer, 400, 'invalid');
    expect(answer.body.errors).toEqual([{ field: 'email', reason: 'unknown field' }]);
    expect((await api.get('/v1/me', { token: ann.accessToken })).body.email).toBe(ann.email);
  });

  it('PATCH /v1/me refuses a nested invalid value, naming its path', async () => {
    const answer = await api.patch('/v1/me', {
      token: ann.accessToken,
      body: { sharing: { email: 'everyone' } },
    });
    expectProblem(answer, 400, 'invalid');
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'sharing.email' })]);
  });

  it('GET /v1/users/:id shows another user only the fields shared publicly', async () => {
    const answer = await api.get(`/v1/users/${ann.userId}`, { token: bob.accessToken });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: ann.userId, displayName: 'Ann Updated', email: ann.email });
    expect(answer.body).not.toHaveProperty('contact');
    expect(answer.body).not.toHaveProperty('emergency');
    expect(answer.body).not.toHaveProperty('data');
    expect(answer.body).not.toHaveProperty('preferences');
    expect(answer.body).not.toHaveProperty('sharing');
  });

  it('GET /v1/users/:id answers 400 for an id that is not a UUID', async () => {
    const answer = await api.get('/v1/users/not-a-uuid', { token: bob.accessToken });
    expectProblem(answer, 400, 'invalid');
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'path.id' })]);
  });

  it('GET /v1/users/:id answers 404 for a user that does not exist', async () => {
    const answer = await api.get(`/v1/users/${randomUUID()}`, { token: bob.accessToken });
    expectProblem(answer, 404, 'not_found');
  });

  it('DELETE /v1/me answers 204; the account token is refused afterwards', async () => {
    const carl = await signUp(api, 'Carl Example');
    const answer = await api.delete('/v1/me', { token: carl.accessToken });
    expect(answer.status).toBe(204);
    expect(answer.body).toBeNull();
    const me = await api.get('/v1/me', { token: carl.accessToken });
    expect(me.status).toBe(401);
    const refresh = await api.post('/v1/auth/refresh', { body: { refreshToken: carl.refreshToken } });
    expect(refresh.status).toBe(401);
    expect((await api.get(`/v1/users/${carl.userId}`, { token: bob.accessToken })).status).toBe(404);
  });
});
