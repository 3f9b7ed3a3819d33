import {
  adminWrite,
  type Expected,
  MatrixPeople,
  type MatrixRow,
  memberWrite,
  READ,
  VISIBILITIES,
  type Visibility,
} from './access-matrix';
import { bootSuite, type Suite } from './boot-suite';
import { type Answer, Api, signUp } from './http';
import { addMember } from './members';

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

export type MessagingAccessSuite = ReturnType<typeof messagingAccessSuite>;

/**
 * Every app booted, a private and a public village with the same fixtures made by their owner, and
 * the table of messaging routes (the rules: messaging-access-matrix.e2e-spec.ts). Registers the
 * suite's beforeAll/afterAll; the tests read what it set up.
 */
export function messagingAccessSuite() {
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

  return {
    get suite() {
      return suite;
    },
    get api() {
      return api;
    },
    get m() {
      return m;
    },
    villages,
    owner,
    ok,
    idOf,
    createVillage,
    newMember,
    newConversation,
    newMessage,
    newTopic,
    newPost,
    newBroadcast,
    fixturesIn,
    rows,
  };
}
