import { randomUUID } from 'node:crypto';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, signUp, type Account } from './http';
import { addMember } from './members';

describe('villages, members and the directory through the gateway', () => {
  let suite: Suite;
  let api: Api;
  let owner: Account;
  let admin: Account;
  let member: Account;
  let outsider: Account;
  const villages: Record<'private' | 'public', string> = { private: '', public: '' };

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    [owner, admin, member, outsider] = await Promise.all(
      ['Olga Owner', 'Adam Admin', 'Mia Member', 'Oscar Outsider'].map((name) => signUp(api, name)),
    );
    for (const visibility of ['private', 'public'] as const) {
      const created = await api.post('/v1/villages', {
        token: owner.accessToken,
        body: { name: `Matrix ${visibility}`, visibility },
      });
      expect(created.status).toBe(201);
      villages[visibility] = created.body.id;
      await addMember(api, created.body.id, owner.accessToken, admin, 'admin');
      expect(await addMember(api, created.body.id, admin.accessToken, member)).toMatchObject({
        role: 'member',
        userId: member.userId,
      });
    }
  });

  afterAll(() => suite.close());

  it('creates, reads, updates and deletes a village', async () => {
    const created = await api.post('/v1/villages', {
      token: owner.accessToken,
      body: { name: 'Lifecycle', description: 'Round trip', visibility: 'private', data: { a: 1 } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Lifecycle',
      myRole: 'owner',
      memberCount: 1,
      data: { a: 1 },
    });
    const id: string = created.body.id;

    const patched = await api.patch(`/v1/villages/${id}`, {
      token: owner.accessToken,
      body: { name: 'Renamed' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, name: 'Renamed', description: 'Round trip' });
    expect((await api.get(`/v1/villages/${id}`, { token: owner.accessToken })).body.name).toBe('Renamed');

    const unknownField = await api.patch(`/v1/villages/${id}`, {
      token: owner.accessToken,
      body: { name: 'X', fixedKey: 'mine' },
    });
    expectProblem(unknownField, 400, 'invalid');
    expectProblem(
      await api.patch(`/v1/villages/${id}`, { token: owner.accessToken, body: {} }),
      400,
      'invalid',
    );
    expectProblem(
      await api.post('/v1/villages', { token: owner.accessToken, body: { name: 'No visibility' } }),
      400,
      'invalid',
    );

    const deleted = await api.delete(`/v1/villages/${id}`, { token: owner.accessToken });
    expect(deleted.status).toBe(204);
    expectProblem(await api.get(`/v1/villages/${id}`, { token: owner.accessToken }), 404, 'not_found');
    expectProblem(await api.get(`/v1/villages/${id}`), 401, 'unauthenticated');
  });

  /** Every village route × caller × visibility: the status the policy answers with. */
  const matrix: Array<{
    route: string;
    call: (villageId: string, token: string) => Promise<{ status: number }>;
    expected: Record<'private' | 'public', [outsider: number, member: number, admin: number, owner: number]>;
  }> = [
    {
      route: 'GET /v1/villages/{id}',
      call: (id, token) => api.get(`/v1/villages/${id}`, { token }),
      expected: { private: [404, 200, 200, 200], public: [200, 200, 200, 200] },
    },
    {
      route: 'PATCH /v1/villages/{id}',
      call: (id, token) => api.patch(`/v1/villages/${id}`, { token, body: { description: 'matrix' } }),
      expected: { private: [404, 403, 200, 200], public: [403, 403, 200, 200] },
    },
    {
      route: 'GET /v1/villages/{id}/members',
      call: (id, token) => api.get(`/v1/villages/${id}/members`, { token }),
      expected: { private: [404, 200, 200, 200], public: [200, 200, 200, 200] },
    },
    {
      route: 'POST /v1/villages/{id}/members (an existing member: 409 once allowed)',
      call: (id, token) => api.post(`/v1/villages/${id}/members`, { token, body: { userId: member.userId } }),
      expected: { private: [404, 403, 409, 409], public: [403, 403, 409, 409] },
    },
    {
      route: 'PATCH /v1/villages/{id}/members/{member} (same role)',
      call: (id, token) =>
        api.patch(`/v1/villages/${id}/members/${member.userId}`, { token, body: { role: 'member' } }),
      expected: { private: [404, 403, 200, 200], public: [403, 403, 200, 200] },
    },
    {
      route: 'DELETE /v1/villages/{id}/members/{owner} (an owner: only owners; the last one stays)',
      call: (id, token) => api.delete(`/v1/villages/${id}/members/${owner.userId}`, { token }),
      expected: { private: [404, 403, 403, 409], public: [403, 403, 403, 409] },
    },
    {
      route: 'DELETE /v1/villages/{id} (of a missing village for the owner row: 404)',
      call: (id, token) =>
        token === owner.accessToken
          ? api.delete(`/v1/villages/${randomUUID()}`, { token })
          : api.delete(`/v1/villages/${id}`, { token }),
      expected: { private: [404, 403, 403, 404], public: [403, 403, 403, 404] },
    },
  ];

  it.each(matrix)('answers $route by role and visibility', async ({ call, expected }) => {
    for (const visibility of ['private', 'public'] as const) {
      const statuses: number[] = [];
      for (const who of [outsider, member, admin, owner])
        statuses.push((await call(villages[visibility], who.accessToken)).status);
      expect({ visibility, statuses }).toEqual({ visibility, statuses: expected[visibility] });
    }
  });

  it('joins a public village (200, idempotent) and not a private one (404)', async () => {
    const joiner = await signUp(api, 'Jo Joiner');
    const first = await api.post(`/v1/villages/${villages.public}/join`, { token: joiner.accessToken });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ villageId: villages.public, userId: joiner.userId, role: 'member' });
    expect(
      (await api.post(`/v1/villages/${villages.public}/join`, { token: joiner.accessToken })).body,
    ).toEqual(first.body);
    expectProblem(
      await api.post(`/v1/villages/${villages.private}/join`, { token: joiner.accessToken }),
      404,
      'not_found',
    );
    const left = await api.delete(`/v1/villages/${villages.public}/members/${joiner.userId}`, {
      token: joiner.accessToken,
    });
    expect(left.status).toBe(204);
  });

  it('lists mine and public villages with search and cursors', async () => {
    const lister = await signUp(api, 'Lee Lister');
    for (let i = 0; i < 3; i += 1) {
      await api.post('/v1/villages', {
        token: lister.accessToken,
        body: { name: `Cursor Cove ${i}`, visibility: 'public' },
      });
    }
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/villages?scope=public&q=cursor%20cove&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.get(query, { token: outsider.accessToken });
      expect(page.status).toBe(200);
      names.push(...page.body.items.map((item: { name: string }) => item.name));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(names).toEqual(['Cursor Cove 2', 'Cursor Cove 1', 'Cursor Cove 0']);
    const mine = await api.get('/v1/villages', { token: member.accessToken });
    expect(mine.body.items.map((item: { id: string }) => item.id).sort()).toEqual(
      [villages.private, villages.public].sort(),
    );
    expectProblem(await api.get('/v1/villages?scope=all', { token: member.accessToken }), 400, 'invalid');
    expectProblem(await api.get('/v1/villages?limit=500', { token: member.accessToken }), 400, 'invalid');
  });

  it('shows the directory by sharing, filters by role, and GET /v1/users/{id} treats a co-member as a villager', async () => {
    await api.patch('/v1/me', {
      token: member.accessToken,
      body: { contact: { phone: '+1 555 0303' }, sharing: { contact: 'villagers', email: 'villagers' } },
    });
    const asAdmin = await api.get(`/v1/villages/${villages.public}/members?q=mia`, {
      token: admin.accessToken,
    });
    expect(asAdmin.body.items).toHaveLength(1);
    expect(asAdmin.body.items[0].profile).toMatchObject({
      email: member.email,
      contact: { phone: '+1 555 0303' },
    });
    const asOutsider = await api.get(`/v1/villages/${villages.public}/members?q=mia`, {
      token: outsider.accessToken,
    });
    expect(asOutsider.body.items[0].profile).not.toHaveProperty('contact');
    expect(asOutsider.body.items[0].profile).not.toHaveProperty('email');

    const admins = await api.get(`/v1/villages/${villages.public}/members?role=admin`, {
      token: member.accessToken,
    });
    expect(admins.body.items.map((entry: { userId: string }) => entry.userId)).toEqual([admin.userId]);

    expect((await api.get(`/v1/users/${member.userId}`, { token: admin.accessToken })).body).toMatchObject({
      contact: { phone: '+1 555 0303' },
    });
    expect(
      (await api.get(`/v1/users/${member.userId}`, { token: outsider.accessToken })).body,
    ).not.toHaveProperty('contact');
  });

  it('documents every village route in OpenAPI', async () => {
    const doc = await api.get('/docs/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/villages',
        '/v1/villages/{villageId}',
        '/v1/villages/{villageId}/join',
        '/v1/villages/{villageId}/members',
        '/v1/villages/{villageId}/members/{userId}',
      ]),
    );
    expect(doc.body.paths['/v1/villages/{villageId}'].patch.requestBody).toBeDefined();
  });
});
