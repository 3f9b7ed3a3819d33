import { randomUUID } from 'node:crypto';
import { bootSuite, type Suite } from './boot-suite';
import {
  adminWrite,
  documentedOperations,
  expectFormerMembersAsOutsiders,
  memberWrite,
  MatrixPeople,
  MESSAGING_PATH,
  READ,
  VISIBILITIES,
  type Expected,
  type MatrixRow,
  type Visibility,
} from './access-matrix';
import { Api, signUp, type Answer } from './http';
import { addMember } from './members';

/**
 * The access matrix of every messaging route: each operation × caller (outsider, member, admin,
 * owner) × village visibility, with the status the rules ask for (API.md, issue 4):
 * - a private village and everything in it is 404 to non-members; a public one is readable by
 *   anyone signed in, and writing in it is 403 to outsiders;
 * - conversations are private to their members: anyone else gets 404, admins included;
 *   only a message's author edits or deletes it (403 to the other members);
 * - posts are changed by their author or a moderator (admin+), 403 to other members;
 * - broadcasts are sent by admins (403 to members).
 * The fixtures are made by the owner; the conversation is the owner's with the member, so the
 * admin is the "not a participant" case. The table is checked against the OpenAPI document.
 * A former member, who made the same fixtures as an admin before being removed, gets what an
 * outsider gets on every row: authorship never outlives membership.
 */

interface Village {
  id: string;
  visibility: Visibility;
  /** The token of whoever made the fixtures (and makes each row's target). */
  author: string;
  conversationId: string;
  messageId: string;
  broadcastId: string;
  topicId: string;
  postId: string;
}

/** A conversation the owner and the member are in: everyone else gets 404, whatever the village. */
const participants = (status: number): Expected => ({
  private: [404, status, 404, status],
  public: [404, status, 404, status],
});
/** A message of the owner in that conversation: the member may read it but not change it. */
const ownersMessage = (status: number): Expected => ({
  private: [404, 403, 404, status],
  public: [404, 403, 404, status],
});

describe('access matrix of the messaging routes', () => {
  let suite: Suite;
  let api: Api;
  let m: MatrixPeople;
  const villages = {} as Record<Visibility, Village>;

  const owner = (): string => m.token('owner');
  const ok = (answer: Answer, status: number): Answer => m.ok(answer, status);
  const idOf = (answer: Answer, status: number): string => m.idOf(answer, status);
  const createVillage = (visibility: Visibility): Promise<string> =>
    m.createVillage(visibility, `Messaging ${visibility}`);

  const newMember = async (villageId: string): Promise<string> => {
    const account = await signUp(api, 'Fresh Member');
    await addMember(api, villageId, owner(), account);
    return account.userId;
  };

  const newConversation = async (villageId: string, memberId: string, by: string): Promise<string> => {
    const answer = await api.post(`/v1/villages/${villageId}/conversations`, {
      token: by,
      body: { memberIds: [memberId] },
    });
    return String(ok(answer, answer.status === 200 ? 200 : 201).body.id);
  };

  const newMessage = async (conversationId: string, by: string): Promise<string> =>
    idOf(
      await api.post(`/v1/conversations/${conversationId}/messages`, {
        token: by,
        body: { body: 'matrix message' },
      }),
      201,
    );

  const newTopic = async (villageId: string, by = owner()): Promise<string> =>
    idOf(
      await api.post(`/v1/villages/${villageId}/topics`, { token: by, body: { title: 'Matrix topic' } }),
      201,
    );

  const newPost = async (topicId: string, by: string): Promise<string> =>
    idOf(await api.post(`/v1/topics/${topicId}/posts`, { token: by, body: { body: 'matrix post' } }), 201);

  const newBroadcast = async (villageId: string, by: string): Promise<string> =>
    idOf(
      await api.post(`/v1/villages/${villageId}/broadcasts`, {
        token: by,
        body: { body: 'matrix news' },
      }),
      201,
    );

  /** The fixtures of a village, made by `author` (who must be allowed to broadcast). */
  async function fixturesIn(id: string, visibility: Visibility, author: string): Promise<Village> {
    const conversationId = await newConversation(id, m.account('member').userId, author);
    const topicId = await newTopic(id, author);
    return {
      id,
      visibility,
      author,
      conversationId,
      messageId: await newMessage(conversationId, author),
      broadcastId: await newBroadcast(id, author),
      topicId,
      postId: await newPost(topicId, author),
    };
  }

  const rows: MatrixRow<Village>[] = [
    // Conversations and messages.
    {
      operation: 'post /v1/villages/{villageId}/conversations',
      prepare: (v) => newMember(v.id),
      call: (v, token, partner) =>
        api.post(`/v1/villages/${v.id}/conversations`, { token, body: { memberIds: [partner] } }),
      expected: memberWrite(201),
    },
    {
      // Only villagers have conversations: an outsider of a public village may read the village,
      // not list conversations (403, as for starting one).
      operation: 'get /v1/villages/{villageId}/conversations',
      call: (v, token) => api.get(`/v1/villages/${v.id}/conversations`, { token }),
      expected: { private: [404, 200, 200, 200], public: [403, 200, 200, 200] },
    },
    {
      operation: 'get /v1/conversations/{id}/messages',
      call: (v, token) => api.get(`/v1/conversations/${v.conversationId}/messages`, { token }),
      expected: participants(200),
    },
    {
      operation: 'post /v1/conversations/{id}/messages',
      call: (v, token) =>
        api.post(`/v1/conversations/${v.conversationId}/messages`, { token, body: { body: 'hello' } }),
      expected: participants(201),
    },
    {
      operation: 'post /v1/conversations/{id}/read',
      call: (v, token) =>
        api.post(`/v1/conversations/${v.conversationId}/read`, {
          token,
          body: { upToMessageId: v.messageId },
        }),
      expected: participants(200),
    },
    {
      operation: 'patch /v1/messages/{id}',
      call: (v, token) => api.patch(`/v1/messages/${v.messageId}`, { token, body: { body: 'edited' } }),
      expected: ownersMessage(200),
    },
    {
      operation: 'delete /v1/messages/{id}',
      prepare: (v) => newMessage(v.conversationId, v.author),
      call: (_v, token, id) => api.delete(`/v1/messages/${id}`, { token }),
      expected: ownersMessage(204),
    },
    // Broadcasts.
    {
      operation: 'post /v1/villages/{villageId}/broadcasts',
      call: (v, token) => api.post(`/v1/villages/${v.id}/broadcasts`, { token, body: { body: 'news' } }),
      expected: adminWrite(201),
    },
    {
      operation: 'get /v1/villages/{villageId}/broadcasts',
      call: (v, token) => api.get(`/v1/villages/${v.id}/broadcasts`, { token }),
      expected: READ,
    },
    {
      // A read cursor is a villager's: 403 to a public village's outsiders.
      operation: 'post /v1/villages/{villageId}/broadcasts/read',
      call: (v, token) =>
        api.post(`/v1/villages/${v.id}/broadcasts/read`, { token, body: { upToBroadcastId: v.broadcastId } }),
      expected: memberWrite(200),
    },
    // Topics.
    {
      operation: 'get /v1/villages/{villageId}/topics',
      call: (v, token) => api.get(`/v1/villages/${v.id}/topics`, { token }),
      expected: READ,
    },
    {
      operation: 'post /v1/villages/{villageId}/topics',
      call: (v, token) => api.post(`/v1/villages/${v.id}/topics`, { token, body: { title: 'Mine' } }),
      expected: memberWrite(201),
    },
    {
      operation: 'get /v1/topics/{id}',
      call: (v, token) => api.get(`/v1/topics/${v.topicId}`, { token }),
      expected: READ,
    },
    {
      // The owner created it; the admin moderates; a member may not change another's topic.
      operation: 'patch /v1/topics/{id}',
      call: (v, token) => api.patch(`/v1/topics/${v.topicId}`, { token, body: { description: 'matrix' } }),
      expected: adminWrite(200),
    },
    {
      operation: 'delete /v1/topics/{id}',
      prepare: (v) => newTopic(v.id, v.author),
      call: (_v, token, id) => api.delete(`/v1/topics/${id}`, { token }),
      expected: adminWrite(204),
    },
    // Posts and reactions.
    {
      operation: 'get /v1/topics/{id}/posts',
      call: (v, token) => api.get(`/v1/topics/${v.topicId}/posts`, { token }),
      expected: READ,
    },
    {
      operation: 'post /v1/topics/{id}/posts',
      call: (v, token) => api.post(`/v1/topics/${v.topicId}/posts`, { token, body: { body: 'a post' } }),
      expected: memberWrite(201),
    },
    {
      // The owner's post: its author and the admin (a moderator) change it, a member may not.
      operation: 'patch /v1/posts/{id}',
      call: (v, token) => api.patch(`/v1/posts/${v.postId}`, { token, body: { body: 'edited' } }),
      expected: adminWrite(200),
    },
    {
      operation: 'delete /v1/posts/{id}',
      prepare: (v) => newPost(v.topicId, v.author),
      call: (_v, token, id) => api.delete(`/v1/posts/${id}`, { token }),
      expected: adminWrite(204),
    },
    {
      operation: 'put /v1/posts/{id}/reactions/{emoji}',
      call: (v, token) =>
        api.request('PUT', `/v1/posts/${v.postId}/reactions/${encodeURIComponent('👍')}`, { token }),
      expected: memberWrite(200),
    },
    {
      // Each caller removes their own reaction (added first, where they may); the author reacted too.
      operation: 'delete /v1/posts/{id}/reactions/{emoji}',
      prepare: async (v) => {
        const path = `/v1/posts/${v.postId}/reactions/${encodeURIComponent('🎉')}`;
        ok(await api.request('PUT', path, { token: v.author }), 200);
        return v.postId;
      },
      call: async (v, token) => {
        const path = `/v1/posts/${v.postId}/reactions/${encodeURIComponent('🎉')}`;
        await api.request('PUT', path, { token });
        return api.delete(path, { token });
      },
      expected: memberWrite(200),
    },
    // Search.
    {
      operation: 'get /v1/villages/{villageId}/search',
      call: (v, token) => api.get(`/v1/villages/${v.id}/search?q=matrix`, { token }),
      expected: READ,
    },
  ];

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    m = new MatrixPeople(api);
    await m.signUp();
    for (const visibility of VISIBILITIES) {
      villages[visibility] = await fixturesIn(await createVillage(visibility), visibility, owner());
    }
  });

  afterAll(() => suite.close());

  it('has a row for every messaging route of the OpenAPI document, and no other', async () => {
    const messagingOperations = await documentedOperations(api, (path) => MESSAGING_PATH.test(path));
    expect(rows.map((row) => row.operation).sort()).toEqual(messagingOperations.sort());
  });

  it.each(rows.map((row) => [row.operation, row] as const))('%s', async (_operation, row) => {
    for (const visibility of VISIBILITIES) {
      const statuses = await m.statuses(row, villages[visibility]);
      expect({ visibility, statuses }).toEqual({ visibility, statuses: row.expected[visibility] });
    }
  });

  it('answers a removed member as an outsider, on what they wrote as an admin too', async () => {
    await expectFormerMembersAsOutsiders(m, rows, {
      role: 'admin',
      probe: 'get /v1/villages/{villageId}/conversations',
      createVillage,
      fixtures: fixturesIn,
    });
  });

  it('answers 404 to a member of one village using the ids of another', async () => {
    // The admin and the member of village B (private) are members of A too; B's ids used with A's
    // membership only: a fresh account that is a member of A alone.
    const b = villages.private;
    const a = await createVillage('private');
    const onlyA = await signUp(api, 'Member of A');
    await addMember(api, a, owner(), onlyA);
    const token = onlyA.accessToken;
    const emoji = encodeURIComponent('👍');
    const answers: Array<[string, Answer]> = [
      ['conversation messages', await api.get(`/v1/conversations/${b.conversationId}/messages`, { token })],
      [
        'send to conversation',
        await api.post(`/v1/conversations/${b.conversationId}/messages`, { token, body: { body: 'x' } }),
      ],
      [
        'read conversation',
        await api.post(`/v1/conversations/${b.conversationId}/read`, {
          token,
          body: { upToMessageId: b.messageId },
        }),
      ],
      ['edit message', await api.patch(`/v1/messages/${b.messageId}`, { token, body: { body: 'x' } })],
      ['delete message', await api.delete(`/v1/messages/${b.messageId}`, { token })],
      ['topic', await api.get(`/v1/topics/${b.topicId}`, { token })],
      ['edit topic', await api.patch(`/v1/topics/${b.topicId}`, { token, body: { title: 'x' } })],
      ['delete topic', await api.delete(`/v1/topics/${b.topicId}`, { token })],
      ['topic posts', await api.get(`/v1/topics/${b.topicId}/posts`, { token })],
      ['post in topic', await api.post(`/v1/topics/${b.topicId}/posts`, { token, body: { body: 'x' } })],
      ['edit post', await api.patch(`/v1/posts/${b.postId}`, { token, body: { body: 'x' } })],
      ['delete post', await api.delete(`/v1/posts/${b.postId}`, { token })],
      ['react', await api.request('PUT', `/v1/posts/${b.postId}/reactions/${emoji}`, { token })],
      ['unreact', await api.delete(`/v1/posts/${b.postId}/reactions/${emoji}`, { token })],
    ];
    const outcomes = answers.map(([what, answer]) => ({ what, status: answer.status }));
    expect(outcomes).toEqual(answers.map(([what]) => ({ what, status: 404 })));

    // B's ids inside A's own resources are answered as unknown ids are: nothing tells they exist.
    const topicOfA = await newTopic(a);
    const conversationOfA = idOf(
      await api.post(`/v1/villages/${a}/conversations`, {
        token,
        body: { memberIds: [m.account('owner').userId] },
      }),
      201,
    );
    const foreignAndUnknown = async (
      call: (id: string) => Promise<Answer>,
      foreignId: string,
    ): Promise<[number, number]> => [(await call(foreignId)).status, (await call(randomUUID())).status];
    for (const [foreign, unknown] of [
      await foreignAndUnknown(
        (parentId) => api.post(`/v1/topics/${topicOfA}/posts`, { token, body: { body: 'x', parentId } }),
        b.postId,
      ),
      await foreignAndUnknown(
        (upToMessageId) =>
          api.post(`/v1/conversations/${conversationOfA}/read`, { token, body: { upToMessageId } }),
        b.messageId,
      ),
      await foreignAndUnknown(
        (upToBroadcastId) =>
          api.post(`/v1/villages/${a}/broadcasts/read`, { token, body: { upToBroadcastId } }),
        b.broadcastId,
      ),
    ]) {
      expect(foreign).toBe(unknown);
      expect(foreign).toBeGreaterThanOrEqual(400);
    }

    // B's content is untouched.
    const posts = await api.get(`/v1/topics/${b.topicId}/posts`, { token: owner() });
    expect(posts.body.items.map((post: { id: string }) => post.id)).toContain(b.postId);
  });

  it('answers 401 to every messaging route without a token', async () => {
    for (const row of rows) {
      const answer = await row.call(villages.private, '', randomUUID());
      expect({ operation: row.operation, status: answer.status }).toEqual({
        operation: row.operation,
        status: 401,
      });
    }
  });
});
