import { eventually } from '@vv/testing';
import { type Answer, signUp } from './http';
import { contentWritesSuite, type ContentWritesSuite } from './content-writes-harness';

/**
 * Writes on messaging content: an author changes what they wrote only while their role grants it.
 */
describe('writes on messaging and files content', () => {
  const s = contentWritesSuite();
  let api: ContentWritesSuite['api'];
  let owner: ContentWritesSuite['owner'];
  let bob: ContentWritesSuite['bob'];
  let ok: ContentWritesSuite['ok'];
  let idOf: ContentWritesSuite['idOf'];
  let addMember: ContentWritesSuite['addMember'];
  let newFile: ContentWritesSuite['newFile'];

  beforeAll(() => {
    ({ api, owner, bob, ok, idOf, addMember, newFile } = s);
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
});
