import { Client } from 'pg';
import { bootSuite, type Suite } from './boot-suite';
import { type Account, Api, PASSWORD, signUp } from './http';
import { addMember } from './members';

export type ConversationsSuite = ReturnType<typeof conversationsSuite>;

/**
 * Identity, messaging and the gateway booted, and a village whose members talk directly. Registers the suite's beforeAll/afterAll; the tests read what it set up.
 */
export function conversationsSuite() {
  let suite: Suite;
  let api: Api;
  let sql: Client;
  let owner: Account;
  let ann: Account;
  let bob: Account;
  let cid: Account;
  let outsider: Account;
  let villageId: string;
  let otherVillageId: string;

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    sql = new Client({ connectionString: suite.environment.database.url });
    await sql.connect();
    [owner, ann, bob, cid, outsider] = await Promise.all(
      ['Owner', 'Ann', 'Bob', 'Cid', 'Outsider'].map((name) => signUp(api, name)),
    );
    const create = async (name: string) =>
      (await api.post('/v1/villages', { token: owner.accessToken, body: { name, visibility: 'private' } }))
        .body.id as string;
    villageId = await create('Family');
    otherVillageId = await create('Other');
    for (const member of [ann, bob, cid]) {
      await addMember(api, villageId, owner.accessToken, member, 'member');
    }
  });

  afterAll(async () => {
    await sql.end();
    await suite.close();
  });

  const conversations = (id = villageId) => `/v1/villages/${id}/conversations`;
  const messages = (conversationId: string) => `/v1/conversations/${conversationId}/messages`;

  const start = async (by: Account, memberIds: string[], title?: string): Promise<string> => {
    const answer = await api.post(conversations(), { token: by.accessToken, body: { memberIds, title } });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };

  const send = async (by: Account, conversationId: string, body: string) => {
    const answer = await api.post(messages(conversationId), { token: by.accessToken, body: { body } });
    expect(answer.status).toBe(201);
    return answer.body as { id: string; body: string };
  };

  /** Every page of a list, following nextCursor. */
  const walk = async (path: string, token: string, limit: number) => {
    const items: Array<{ id: string }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await api.get(`${path}${query}`, { token });
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return items;
  };

  const login = async (account: Account): Promise<string> => {
    const answer = await api.post('/v1/auth/login', { body: { email: account.email, password: PASSWORD } });
    expect(answer.status).toBe(200);
    return answer.body.accessToken as string;
  };

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
    get cid() {
      return cid;
    },
    get outsider() {
      return outsider;
    },
    get villageId() {
      return villageId;
    },
    get otherVillageId() {
      return otherVillageId;
    },
    conversations,
    messages,
    start,
    send,
    walk,
    login,
  };
}
