import { randomUUID } from 'node:crypto';
import { expectFormerMembersAsOutsiders } from './access-matrix';
import { type Answer, signUp } from './http';
import { addMember } from './members';
import { messagingAccessSuite, type MessagingAccessSuite } from './messaging-access-harness';

/**
 * Messaging access beyond the matrix: a former member gets what an outsider gets on every row, and a
 * member of one village gets 404 for the ids of another.
 */
describe('access matrix of the messaging routes', () => {
  const s = messagingAccessSuite();
  let api: MessagingAccessSuite['api'];
  let m: MessagingAccessSuite['m'];
  let villages: MessagingAccessSuite['villages'];
  let owner: MessagingAccessSuite['owner'];
  let idOf: MessagingAccessSuite['idOf'];
  let createVillage: MessagingAccessSuite['createVillage'];
  let newTopic: MessagingAccessSuite['newTopic'];
  let fixturesIn: MessagingAccessSuite['fixturesIn'];

  beforeAll(() => {
    ({ api, m, villages, owner, idOf, createVillage, newTopic, fixturesIn } = s);
  });

  it('answers a removed member as an outsider, on what they wrote as an admin too', async () => {
    await expectFormerMembersAsOutsiders(m, s.rows, {
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
});
