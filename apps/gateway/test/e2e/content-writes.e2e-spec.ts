import { randomUUID } from 'node:crypto';
import { eventually } from '@vv/testing';
import { Client } from 'pg';
import { bootSuite, type Suite } from './boot-suite';
import { addMember as addMemberWithConsent } from './members';
import { Api, expectProblem, PASSWORD, signUp, type Account, type Answer } from './http';

/**
 * Writes on messaging and files content (issue 13), beyond what the access matrices cover:
 * - authorship grants nothing by itself: an author changes what they wrote only while their role
 *   still grants what writing it needed (`topics.create`, `topics.post`, `files.upload`);
 * - every id a request stores names something of the request's own village: ids of another
 *   village and ids of nothing are refused alike (400 with the field), and nothing is stored.
 * (A removed member's writes are the access matrices' "former member" checks.)
 */
describe('writes on messaging and files content', () => {
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

  it('lets an author change what they wrote only while their role grants writing it', async () => {
    const village = await api.post('/v1/villages', {
      token: owner.accessToken,
      body: { name: 'Demotions', visibility: 'private' },
    });
    const id = idOf(village);
    const author = await signUp(api, 'Author');
    await addMember(id, author);
    await addMember(id, bob, 'admin');
    const token = author.accessToken;
    const topicId = idOf(await api.post(`/v1/villages/${id}/topics`, { token, body: { title: 'Mine' } }));
    const postId = idOf(await api.post(`/v1/topics/${topicId}/posts`, { token, body: { body: 'mine' } }));
    const fileId = await newFile(author, id);
    const pendingId = await newFile(author, id, false);
    const conversationId = idOf(
      await api.post(`/v1/villages/${id}/conversations`, { token, body: { memberIds: [bob.userId] } }),
    );
    const messageId = idOf(
      await api.post(`/v1/conversations/${conversationId}/messages`, { token, body: { body: 'mine' } }),
    );

    ok(
      await api.patch(`/v1/villages/${id}/members/${author.userId}`, {
        token: owner.accessToken,
        body: { role: 'READER' },
      }),
      200,
    );
    // Each service has the new role once it refuses to create (a topic or an upload made before is harmless).
    await eventually(async () =>
      expect((await api.post(`/v1/villages/${id}/topics`, { token, body: { title: 'x' } })).status).toBe(403),
    );
    await eventually(async () =>
      expect(
        (
          await api.post(`/v1/villages/${id}/files`, {
            token,
            body: { name: 'x.txt', contentType: 'text/plain', size: 1 },
          })
        ).status,
      ).toBe(403),
    );

    const refused: Array<[string, Answer]> = [
      ['edit topic', await api.patch(`/v1/topics/${topicId}`, { token, body: { title: 'changed' } })],
      ['edit post', await api.patch(`/v1/posts/${postId}`, { token, body: { body: 'changed' } })],
      ['delete post', await api.delete(`/v1/posts/${postId}`, { token })],
      ['rename file', await api.patch(`/v1/files/${fileId}`, { token, body: { name: 'changed.txt' } })],
      [
        'file permissions',
        await api.patch(`/v1/files/${fileId}`, { token, body: { permissions: { visibility: 'hidden' } } }),
      ],
      ['delete file', await api.delete(`/v1/files/${fileId}`, { token })],
      ['complete upload', await api.post(`/v1/files/${pendingId}/complete`, { token, body: {} })],
    ];
    for (const [what, answer] of refused) {
      expect({ what, status: answer.status, code: answer.body?.code }).toEqual({
        what,
        status: 403,
        code: 'forbidden',
      });
    }

    // Nothing changed, and reading stays theirs like any member's.
    expect(ok(await api.get(`/v1/topics/${topicId}`, { token }), 200).body.title).toBe('Mine');
    const posts = ok(await api.get(`/v1/topics/${topicId}/posts`, { token }), 200).body.items;
    expect(posts).toEqual([expect.objectContaining({ id: postId, body: 'mine', deletedAt: null })]);
    expect(ok(await api.get(`/v1/files/${fileId}`, { token }), 200).body).toMatchObject({
      name: 'note.txt',
      permissions: { visibility: 'visible' },
    });
    // A moderator still may; a message needs only membership, which the author keeps.
    ok(await api.patch(`/v1/posts/${postId}`, { token: bob.accessToken, body: { body: 'moderated' } }), 200);
    ok(await api.patch(`/v1/messages/${messageId}`, { token, body: { body: 'still mine' } }), 200);
  });

  it('refuses ids of another village or of nothing where a message, post or read cursor stores them', async () => {
    const token = ann.accessToken;
    // What the other village holds, all readable by Ann (a member of both).
    const foreignFile = await newFile(ann, otherVillageId);
    const foreignTopic = idOf(
      await api.post(`/v1/villages/${otherVillageId}/topics`, { token, body: { title: 'There' } }),
    );
    const foreignPost = idOf(
      await api.post(`/v1/topics/${foreignTopic}/posts`, { token, body: { body: 'x' } }),
    );
    const foreignConversation = idOf(
      await api.post(`/v1/villages/${otherVillageId}/conversations`, {
        token,
        body: { memberIds: [stranger.userId] },
      }),
    );
    const foreignMessage = idOf(
      await api.post(`/v1/conversations/${foreignConversation}/messages`, { token, body: { body: 'x' } }),
    );
    const foreignBroadcast = idOf(
      await api.post(`/v1/villages/${otherVillageId}/broadcasts`, {
        token: owner.accessToken,
        body: { body: 'x' },
      }),
    );
    // And in Ann's own village.
    const topicId = idOf(
      await api.post(`/v1/villages/${villageId}/topics`, { token, body: { title: 'Here' } }),
    );
    const conversationId = idOf(
      await api.post(`/v1/villages/${villageId}/conversations`, { token, body: { memberIds: [bob.userId] } }),
    );
    const messageId = idOf(
      await api.post(`/v1/conversations/${conversationId}/messages`, { token, body: { body: 'hi' } }),
    );
    const broadcastId = idOf(
      await api.post(`/v1/villages/${villageId}/broadcasts`, {
        token: owner.accessToken,
        body: { body: 'hi' },
      }),
    );
    ok(
      await api.post(`/v1/villages/${villageId}/broadcasts/read`, {
        token,
        body: { upToBroadcastId: broadcastId },
      }),
      200,
    );
    const before = {
      conversations: await count('messaging.conversations where village_id = $1', [villageId]),
      messages: await count('messaging.messages where conversation_id = $1', [conversationId]),
      posts: await count('messaging.posts where topic_id = $1', [topicId]),
    };

    const cases: Array<[field: string, call: (id: string) => Promise<Answer>, foreignId: string]> = [
      [
        'memberIds',
        (id) => api.post(`/v1/villages/${villageId}/conversations`, { token, body: { memberIds: [id] } }),
        stranger.userId,
      ],
      [
        'attachments.0',
        (id) =>
          api.post(`/v1/conversations/${conversationId}/messages`, {
            token,
            body: { body: 'see', attachments: [id] },
          }),
        foreignFile,
      ],
      [
        'parentId',
        (id) => api.post(`/v1/topics/${topicId}/posts`, { token, body: { body: 'reply', parentId: id } }),
        foreignPost,
      ],
      [
        'upToMessageId',
        (id) => api.post(`/v1/conversations/${conversationId}/read`, { token, body: { upToMessageId: id } }),
        foreignMessage,
      ],
      [
        'upToBroadcastId',
        (id) =>
          api.post(`/v1/villages/${villageId}/broadcasts/read`, { token, body: { upToBroadcastId: id } }),
        foreignBroadcast,
      ],
    ];
    for (const [field, call, foreignId] of cases) {
      for (const id of [foreignId, randomUUID()]) {
        const answer = await call(id);
        expectProblem(answer, 400, 'invalid');
        expect({ field, errors: answer.body.errors }).toEqual({
          field,
          errors: [expect.objectContaining({ field })],
        });
      }
    }

    expect({
      conversations: await count('messaging.conversations where village_id = $1', [villageId]),
      messages: await count('messaging.messages where conversation_id = $1', [conversationId]),
      posts: await count('messaging.posts where topic_id = $1', [topicId]),
    }).toEqual(before);
    const conversation = ok(await api.get(`/v1/villages/${villageId}/conversations`, { token }), 200).body
      .items;
    expect(conversation).toEqual([
      expect.objectContaining({ id: conversationId, readUpToMessageId: messageId }),
    ]);
    const broadcasts = ok(await api.get(`/v1/villages/${villageId}/broadcasts`, { token }), 200).body;
    expect(broadcasts.readUpToBroadcastId).toBe(broadcastId);
  });

  it('refuses user ids of another village or of nobody in a file’s permissions, and stores nothing', async () => {
    const token = ann.accessToken;
    const fileId = await newFile(ann, villageId);
    const files = (): Promise<number> => count('files.files where village_id = $1', [villageId]);
    const before = await files();
    for (const list of ['read', 'write'] as const) {
      for (const userId of [stranger.userId, randomUUID()]) {
        const permissions = { [list]: [bob.userId, userId] };
        const created = await api.post(`/v1/villages/${villageId}/files`, {
          token,
          body: { name: 'x.txt', contentType: 'text/plain', size: 1, permissions },
        });
        const updated = await api.patch(`/v1/files/${fileId}`, { token, body: { permissions } });
        for (const answer of [created, updated]) {
          expectProblem(answer, 400, 'invalid');
          expect(answer.body.errors).toEqual([
            { field: `permissions.${list}.1`, reason: 'not a member of the village' },
          ]);
        }
      }
    }
    expect(await files()).toBe(before);
    expect(ok(await api.get(`/v1/files/${fileId}`, { token }), 200).body.permissions).toEqual({
      visibility: 'visible',
      read: [],
      write: [],
    });
  });
});
