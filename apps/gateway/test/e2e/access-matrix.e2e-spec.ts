import { randomUUID } from 'node:crypto';
import { bootSuite, type Suite } from './boot-suite';
import {
  adminWrite,
  documentedOperations,
  MatrixPeople,
  MESSAGING_PATH,
  CALENDAR_PATH,
  FILES_PATH,
  NOTIFICATIONS_PATH,
  READ,
  VISIBILITIES,
  type Caller,
  type MatrixRow,
  type Visibility,
} from './access-matrix';
import { Api, signUp, type Answer } from './http';
import { addMember } from './members';

/**
 * The access matrix of every village route: each operation × caller (outsider, member, admin,
 * owner) × village visibility, with the status the policy must answer. The table is checked
 * against the OpenAPI document, so a new village route without a row here fails this file.
 */

interface Village {
  id: string;
  contactId: string;
  invitationId: string;
}

/** Admin-only reads (e.g. the invitation list). */
const ADMIN_READ = adminWrite(200);

describe('access matrix of the village routes', () => {
  let suite: Suite;
  let api: Api;
  let m: MatrixPeople;
  const villages = {} as Record<Visibility, Village>;

  const as = (caller: Caller): string => m.token(caller);
  const owner = (): string => m.token('owner');
  const ok = (answer: Answer, status: number): Answer => m.ok(answer, status);
  const idOf = (answer: Answer, status: number): string => m.idOf(answer, status);
  const createVillage = (visibility: Visibility): Promise<string> => m.createVillage(visibility);

  const newContact = async (villageId: string): Promise<string> =>
    idOf(
      await api.post(`/v1/villages/${villageId}/contacts`, {
        token: owner(),
        body: { name: 'Dr. Matrix', kind: 'doctor' },
      }),
      201,
    );

  const newInvitation = async (villageId: string): Promise<string> =>
    idOf(
      await api.post(`/v1/villages/${villageId}/invitations`, {
        token: owner(),
        body: { email: `invitee-${randomUUID()}@example.com` },
      }),
      201,
    );

  const newMember = async (villageId: string): Promise<string> => {
    const account = await signUp(api, 'Fresh Member');
    await addMember(api, villageId, owner(), account);
    return account.userId;
  };

  const rows: MatrixRow<Village>[] = [
    {
      operation: 'get /v1/villages/{villageId}',
      call: (v, token) => api.get(`/v1/villages/${v.id}`, { token }),
      expected: READ,
    },
    {
      operation: 'patch /v1/villages/{villageId}',
      call: (v, token) => api.patch(`/v1/villages/${v.id}`, { token, body: { description: 'matrix' } }),
      expected: adminWrite(200),
    },
    {
      operation: 'delete /v1/villages/{villageId}',
      prepare: (v) => createVillage(v.id === villages.private.id ? 'private' : 'public'),
      call: (_v, token, villageId) => api.delete(`/v1/villages/${villageId}`, { token }),
      expected: { private: [404, 403, 403, 204], public: [403, 403, 403, 204] },
    },
    {
      operation: 'post /v1/villages/{villageId}/join',
      prepare: (v) => createVillage(v.id === villages.private.id ? 'private' : 'public'),
      call: (_v, token, villageId) => api.post(`/v1/villages/${villageId}/join`, { token }),
      expected: { private: [404, 200, 200, 200], public: [200, 200, 200, 200] },
    },
    {
      operation: 'get /v1/villages/{villageId}/members',
      call: (v, token) => api.get(`/v1/villages/${v.id}/members`, { token }),
      expected: READ,
    },
    {
      operation: 'post /v1/villages/{villageId}/members',
      prepare: async () => (await signUp(api, 'To Be Added')).userId,
      call: (v, token, userId) => api.post(`/v1/villages/${v.id}/members`, { token, body: { userId } }),
      expected: adminWrite(201),
    },
    {
      operation: 'patch /v1/villages/{villageId}/members/{userId}',
      prepare: (v) => newMember(v.id),
      call: (v, token, userId) =>
        api.patch(`/v1/villages/${v.id}/members/${userId}`, { token, body: { role: 'admin' } }),
      expected: adminWrite(200),
    },
    {
      operation: 'delete /v1/villages/{villageId}/members/{userId}',
      prepare: (v) => newMember(v.id),
      call: (v, token, userId) => api.delete(`/v1/villages/${v.id}/members/${userId}`, { token }),
      expected: adminWrite(204),
    },
    {
      operation: 'get /v1/villages/{villageId}/invitations',
      call: (v, token) => api.get(`/v1/villages/${v.id}/invitations`, { token }),
      expected: ADMIN_READ,
    },
    {
      operation: 'post /v1/villages/{villageId}/invitations',
      call: (v, token) =>
        api.post(`/v1/villages/${v.id}/invitations`, {
          token,
          body: { email: `matrix-${randomUUID()}@example.com` },
        }),
      expected: adminWrite(201),
    },
    {
      operation: 'delete /v1/villages/{villageId}/invitations/{id}',
      prepare: (v) => newInvitation(v.id),
      call: (v, token, id) => api.delete(`/v1/villages/${v.id}/invitations/${id}`, { token }),
      expected: adminWrite(200),
    },
    {
      operation: 'post /v1/villages/{villageId}/invitations/{id}/resend',
      prepare: (v) => newInvitation(v.id),
      call: (v, token, id) => api.post(`/v1/villages/${v.id}/invitations/${id}/resend`, { token }),
      expected: adminWrite(200),
    },
    {
      operation: 'get /v1/villages/{villageId}/contacts',
      call: (v, token) => api.get(`/v1/villages/${v.id}/contacts`, { token }),
      expected: READ,
    },
    {
      operation: 'post /v1/villages/{villageId}/contacts',
      call: (v, token) =>
        api.post(`/v1/villages/${v.id}/contacts`, { token, body: { name: 'School', kind: 'school' } }),
      expected: adminWrite(201),
    },
    {
      operation: 'get /v1/villages/{villageId}/contacts/{id}',
      call: (v, token) => api.get(`/v1/villages/${v.id}/contacts/${v.contactId}`, { token }),
      expected: READ,
    },
    {
      operation: 'patch /v1/villages/{villageId}/contacts/{id}',
      call: (v, token) =>
        api.patch(`/v1/villages/${v.id}/contacts/${v.contactId}`, { token, body: { notes: 'matrix' } }),
      expected: adminWrite(200),
    },
    {
      operation: 'delete /v1/villages/{villageId}/contacts/{id}',
      prepare: (v) => newContact(v.id),
      call: (v, token, id) => api.delete(`/v1/villages/${v.id}/contacts/${id}`, { token }),
      expected: adminWrite(204),
    },
    {
      operation: 'get /v1/metadata/{scope}/{key}',
      call: (v, token) => api.get(`/v1/metadata/village:${v.id}/settings`, { token }),
      expected: READ,
    },
    {
      operation: 'put /v1/metadata/{scope}/{key}',
      call: (v, token) =>
        api.request('PUT', `/v1/metadata/village:${v.id}/settings`, { token, body: { x: 1 } }),
      expected: adminWrite(200),
    },
    {
      operation: 'delete /v1/metadata/{scope}/{key}',
      prepare: async (v) => {
        const key = `doc-${randomUUID().slice(0, 8)}`;
        ok(
          await api.request('PUT', `/v1/metadata/village:${v.id}/${key}`, { token: owner(), body: {} }),
          200,
        );
        return key;
      },
      call: (v, token, key) => api.delete(`/v1/metadata/village:${v.id}/${key}`, { token }),
      expected: adminWrite(204),
    },
  ];

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    m = new MatrixPeople(api);
    await m.signUp();
    for (const visibility of VISIBILITIES) {
      const id = await createVillage(visibility);
      villages[visibility] = { id, contactId: await newContact(id), invitationId: await newInvitation(id) };
      ok(
        await api.request('PUT', `/v1/metadata/village:${id}/settings`, { token: owner(), body: { x: 0 } }),
        200,
      );
    }
  });

  afterAll(() => suite.close());

  it('has a row for every village route of the OpenAPI document, and no other', async () => {
    const villageOperations = await documentedOperations(
      api,
      (path) =>
        (path.startsWith('/v1/villages/{villageId}') || path.startsWith('/v1/metadata/')) &&
        !MESSAGING_PATH.test(path) && // messaging's village routes have their own matrix
        !CALENDAR_PATH.test(path) && // and calendar's too
        !FILES_PATH.test(path) && // and files' too
        !NOTIFICATIONS_PATH.test(path), // and notifications' too
    );
    expect(rows.map((row) => row.operation).sort()).toEqual(villageOperations.sort());
  });

  it.each(rows.map((row) => [row.operation, row] as const))('%s', async (_operation, row) => {
    for (const visibility of VISIBILITIES) {
      const statuses = await m.statuses(row, villages[visibility]);
      expect({ visibility, statuses }).toEqual({ visibility, statuses: row.expected[visibility] });
    }
  });

  it('answers 404 to an admin of one village using the ids of another', async () => {
    const other = await createVillage('private');
    const { contactId, invitationId } = villages.private;
    const admin = as('admin');
    for (const answer of [
      await api.get(`/v1/villages/${other}/contacts/${contactId}`, { token: admin }),
      await api.patch(`/v1/villages/${other}/contacts/${contactId}`, { token: admin, body: { notes: 'x' } }),
      await api.delete(`/v1/villages/${other}/contacts/${contactId}`, { token: admin }),
      await api.delete(`/v1/villages/${other}/invitations/${invitationId}`, { token: admin }),
      await api.post(`/v1/villages/${other}/invitations/${invitationId}/resend`, { token: admin }),
    ]) {
      expect({ status: answer.status, code: answer.body?.code }).toEqual({ status: 404, code: 'not_found' });
    }
    // The originals are untouched.
    expect(
      (await api.get(`/v1/villages/${villages.private.id}/contacts/${contactId}`, { token: admin })).status,
    ).toBe(200);
  });

  it('answers 401 to every village route without a token', async () => {
    for (const row of rows) {
      const answer = await row.call(villages.private, '', randomUUID());
      expect({ operation: row.operation, status: answer.status }).toEqual({
        operation: row.operation,
        status: 401,
      });
    }
  });
});
