import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { bootSuite, type Suite } from './boot-suite';
import { type Account, type Answer, Api, PASSWORD, signUp } from './http';
import { addMember as addMemberWithConsent } from './members';

export type ContentWritesSuite = ReturnType<typeof contentWritesSuite>;

/**
 * Every app booted, and a village whose members write messages, posts and files. Registers the suite's beforeAll/afterAll; the tests read what it set up.
 */
export function contentWritesSuite() {
  let suite: Suite;
  let api: Api;
  let sql: Client;
  let owner: Account;
  let ann: Account;
  let bob: Account;
  let stranger: Account;
  let villageId: string;
  let otherVillageId: string;
  const adminEmail = `app-admin-${randomUUID()}@example.com`;

  const ok = (answer: Answer, status: number): Answer => {
    if (answer.status !== status)
      throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const idOf = (answer: Answer): string => String(ok(answer, 201).body.id);

  const addMember = async (village: string, account: Account, role = 'member'): Promise<void> => {
    await addMemberWithConsent(api, village, owner.accessToken, account, role);
  };

  /** A file of `by` in the village, its bytes PUT; completed (ready) unless told otherwise. */
  const newFile = async (by: Account, village: string, complete = true): Promise<string> => {
    const bytes = Buffer.from('content\n');
    const create = ok(
      await api.post(`/v1/villages/${village}/files`, {
        token: by.accessToken,
        body: { name: 'note.txt', contentType: 'text/plain', size: bytes.length },
      }),
      201,
    );
    const { url, headers } = create.body.upload;
    expect((await fetch(url, { method: 'PUT', headers, body: bytes })).status).toBe(200);
    const id = String(create.body.file.id);
    if (complete) ok(await api.post(`/v1/files/${id}/complete`, { token: by.accessToken, body: {} }), 200);
    return id;
  };

  const count = async (query: string, params: unknown[]): Promise<number> =>
    (await sql.query<{ n: number }>(`select count(*)::int as n from ${query}`, params)).rows[0].n;

  beforeAll(async () => {
    suite = await bootSuite({ identity: { APP_ADMIN_EMAILS: adminEmail } });
    api = new Api(suite.url);
    sql = new Client({ connectionString: suite.environment.database.url });
    await sql.connect();
    const signup = ok(
      await api.post('/v1/auth/signup', {
        body: { email: adminEmail, password: PASSWORD, displayName: 'App admin' },
      }),
      201,
    );
    // READER: an app role with the baseline only (read the village and its directory).
    ok(
      await api.request('PUT', '/v1/metadata/app/roles', {
        token: signup.body.accessToken,
        body: { READER: [] },
      }),
      200,
    );
    [owner, ann, bob, stranger] = await Promise.all(
      ['Owner', 'Ann', 'Bob', 'Stranger'].map((name) => signUp(api, name)),
    );
    const create = async (name: string): Promise<string> =>
      idOf(
        await api.post('/v1/villages', { token: owner.accessToken, body: { name, visibility: 'private' } }),
      );
    villageId = await create('Home');
    otherVillageId = await create('Elsewhere');
    await addMember(villageId, ann);
    await addMember(villageId, bob);
    // Ann belongs to both villages (so she may read the other's content); the stranger to the other only.
    await addMember(otherVillageId, ann);
    await addMember(otherVillageId, stranger);
  });

  afterAll(async () => {
    await sql.end();
    await suite.close();
  });

  return {
    get suite() {
      return suite;
    },
    get api() {
      return api;
    },
    get sql() {
      return sql;
    },
    get owner() {
      return owner;
    },
    get ann() {
      return ann;
    },
    get bob() {
      return bob;
    },
    get stranger() {
      return stranger;
    },
    get villageId() {
      return villageId;
    },
    get otherVillageId() {
      return otherVillageId;
    },
    adminEmail,
    ok,
    idOf,
    addMember,
    newFile,
    count,
  };
}
