import { randomUUID } from 'node:crypto';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, signUp, type Account } from './http';
import { addMember } from './members';

describe('directory contacts over HTTP', () => {
  let suite: Suite;
  let api: Api;
  let owner: Account;
  let member: Account;
  let outsider: Account;
  let villageId: string;
  let otherVillageId: string;

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    owner = await signUp(api, 'Owner');
    member = await signUp(api, 'Member');
    outsider = await signUp(api, 'Outsider');
    const create = async (name: string) =>
      (await api.post('/v1/villages', { token: owner.accessToken, body: { name, visibility: 'private' } }))
        .body.id as string;
    villageId = await create('Family');
    otherVillageId = await create('Other');
    await addMember(api, villageId, owner.accessToken, member, 'member');
  });

  afterAll(() => suite.close());

  const contacts = (id = villageId) => `/v1/villages/${id}/contacts`;

  it('POST creates (201), GET reads, PATCH updates, DELETE removes (204)', async () => {
    const created = await api.post(contacts(), {
      token: owner.accessToken,
      body: { name: 'Dr Ada', kind: 'doctor', info: { phone: '+1 555 0100' }, notes: 'Call first' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ villageId, name: 'Dr Ada', kind: 'doctor', userId: null });
    const id = created.body.id;

    const read = await api.get(`${contacts()}/${id}`, { token: member.accessToken });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const patched = await api.patch(`${contacts()}/${id}`, {
      token: owner.accessToken,
      body: { notes: 'Call first; Tuesdays', userId: member.userId },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, notes: 'Call first; Tuesdays', userId: member.userId });

    const list = await api.get(`${contacts()}?kind=doctor&q=ada&limit=10`, { token: member.accessToken });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [patched.body], nextCursor: null });

    expect((await api.delete(`${contacts()}/${id}`, { token: owner.accessToken })).status).toBe(204);
    expectProblem(await api.get(`${contacts()}/${id}`, { token: owner.accessToken }), 404, 'not_found');
  });

  it('a member reads but cannot write (403); an outsider of a private village gets 404', async () => {
    expectProblem(
      await api.post(contacts(), { token: member.accessToken, body: { name: 'X', kind: 'y' } }),
      403,
      'forbidden',
    );
    expectProblem(await api.get(contacts(), { token: outsider.accessToken }), 404, 'not_found');
    expectProblem(
      await api.post(contacts(), { token: outsider.accessToken, body: { name: 'X', kind: 'y' } }),
      404,
      'not_found',
    );
  });

  it('a contact id from another village answers 404', async () => {
    const other = await api.post(contacts(otherVillageId), {
      token: owner.accessToken,
      body: { name: 'Far', kind: 'x' },
    });
    expect(other.status).toBe(201);
    expectProblem(
      await api.get(`${contacts()}/${other.body.id}`, { token: owner.accessToken }),
      404,
      'not_found',
    );
    expectProblem(
      await api.patch(`${contacts()}/${other.body.id}`, { token: owner.accessToken, body: { name: 'Near' } }),
      404,
      'not_found',
    );
    expectProblem(
      await api.delete(`${contacts()}/${other.body.id}`, { token: owner.accessToken }),
      404,
      'not_found',
    );
  });

  it('refuses unknown and invalid fields, and a villageId in the body', async () => {
    const unknown = await api.post(contacts(), {
      token: owner.accessToken,
      body: { name: 'X', kind: 'y', villageId: otherVillageId },
    });
    expectProblem(unknown, 400, 'invalid');
    expect(unknown.body.errors).toEqual([{ field: 'villageId', reason: 'unknown field' }]);
    const long = await api.post(contacts(), {
      token: owner.accessToken,
      body: { name: 'X', kind: 'k'.repeat(51), notes: 'n'.repeat(4001) },
    });
    expectProblem(long, 400, 'invalid');
    expect(long.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind', 'notes']);
    expectProblem(
      await api.patch(`${contacts()}/${randomUUID()}`, { token: owner.accessToken, body: {} }),
      400,
      'invalid',
    );
  });

  it('pages with an opaque cursor', async () => {
    for (const name of ['One', 'Two', 'Three']) {
      await api.post(contacts(), { token: owner.accessToken, body: { name, kind: 'paging' } });
    }
    const first = await api.get(`${contacts()}?kind=paging&limit=2`, { token: member.accessToken });
    expect(first.body.items.map((c: { name: string }) => c.name)).toEqual(['Three', 'Two']);
    const second = await api.get(`${contacts()}?kind=paging&limit=2&cursor=${first.body.nextCursor}`, {
      token: member.accessToken,
    });
    expect(second.body).toMatchObject({
      items: [expect.objectContaining({ name: 'One' })],
      nextCursor: null,
    });
  });
});
