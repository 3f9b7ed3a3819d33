import { randomUUID } from 'node:crypto';
import { type Answer, expectProblem } from './http';
import { contentWritesSuite, type ContentWritesSuite } from './content-writes-harness';

/**
 * Writes on messaging and files content: ids of another village or of nothing are refused where a
 * message, post, read cursor or file permission stores them.
 */
describe('writes on messaging and files content', () => {
  const s = contentWritesSuite();
  let api: ContentWritesSuite['api'];
  let owner: ContentWritesSuite['owner'];
  let ann: ContentWritesSuite['ann'];
  let bob: ContentWritesSuite['bob'];
  let stranger: ContentWritesSuite['stranger'];
  let villageId: ContentWritesSuite['villageId'];
  let otherVillageId: ContentWritesSuite['otherVillageId'];
  let ok: ContentWritesSuite['ok'];
  let idOf: ContentWritesSuite['idOf'];
  let newFile: ContentWritesSuite['newFile'];
  let count: ContentWritesSuite['count'];

  beforeAll(() => {
    ({ api, owner, ann, bob, stranger, villageId, otherVillageId, ok, idOf, newFile, count } = s);
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
