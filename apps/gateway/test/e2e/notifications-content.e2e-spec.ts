import type { Account, Api } from './http';
import { type NotificationsSuite, startNotificationsSuite } from './notifications-harness';

/**
 * In-app notifications over HTTP about content: replies and reactions, calendar events, shared
 * files. A "nobody else" check is made once a recipient of the same event has theirs.
 */
describe('notifications over HTTP', () => {
  let s: NotificationsSuite;
  let api: Api;
  let owner: Account;
  let ada: Account;
  let bea: Account;
  let carl: Account;
  let villageId: string;
  let ok: NotificationsSuite['ok'];
  let idOf: NotificationsSuite['idOf'];
  let put: NotificationsSuite['put'];
  let having: NotificationsSuite['having'];
  let waitFor: NotificationsSuite['waitFor'];
  let about: NotificationsSuite['about'];
  let topic: NotificationsSuite['topic'];
  let post: NotificationsSuite['post'];

  beforeAll(async () => {
    s = await startNotificationsSuite();
    ({ api, owner, ada, bea, carl, villageId, ok, idOf, put, having, waitFor, about, topic, post } = s);
  }, 90_000);

  afterAll(() => s.close());

  describe('each kind, to the right people, never to the actor, exactly once', () => {
    it("reply to my post: the post's author, not the replier; reaction to my post: the author, not the reactor", async () => {
      const topicId = await topic(villageId, 'Garden');
      const postId = await post(topicId, bea, 'Who has a lawnmower?');
      const replyId = await post(topicId, carl, 'I do, come by.', postId);
      expect(await waitFor(bea, about('postId', replyId))).toEqual([
        expect.objectContaining({
          kind: 'reply',
          villageId,
          actorId: carl.userId,
          subject: { topicId, postId: replyId },
          data: { parentId: postId, snippet: 'I do, come by.' },
        }),
      ]);
      expect(await having(carl, about('postId', replyId))).toEqual([]);

      const emoji = (value: string): string => encodeURIComponent(value);
      ok(await put(`/v1/posts/${postId}/reactions/${emoji('👍')}`, bea.accessToken), 200);
      ok(await put(`/v1/posts/${postId}/reactions/${emoji('🌹')}`, carl.accessToken), 200);
      const reactions = await waitFor(bea, about('postId', postId, 'reaction'));
      // Her own 👍 (handled before Carl's 🌹) made none.
      expect(reactions).toEqual([
        expect.objectContaining({
          actorId: carl.userId,
          subject: { topicId, postId },
          data: { emoji: '🌹' },
        }),
      ]);
      expect(await having(carl, about('postId', postId))).toEqual([]);
    });

    it('event changed or cancelled: who answered yes or maybe, and the creator when someone else changed it', async () => {
      const eventId = idOf(
        await api.post(`/v1/villages/${villageId}/events`, {
          token: owner.accessToken,
          body: {
            title: 'Picnic',
            startsAt: '2030-06-01T10:00:00Z',
            endsAt: '2030-06-01T12:00:00Z',
            timeZone: 'UTC',
          },
        }),
      );
      ok(await put(`/v1/events/${eventId}/attendance`, bea.accessToken, { status: 'yes' }), 200);
      ok(await put(`/v1/events/${eventId}/attendance`, carl.accessToken, { status: 'no' }), 200);
      ok(
        await api.patch(`/v1/events/${eventId}`, {
          token: ada.accessToken,
          body: { title: 'Picnic in the park' },
        }),
        200,
      );
      for (const told of [bea, owner]) {
        expect(await waitFor(told, about('eventId', eventId))).toEqual([
          expect.objectContaining({
            kind: 'event_changed',
            actorId: ada.userId,
            data: expect.objectContaining({
              title: 'Picnic in the park',
              changed: ['title'],
              occurrence: null,
            }),
          }),
        ]);
      }
      expect(await having(carl, about('eventId', eventId))).toEqual([]);
      expect(await having(ada, about('eventId', eventId))).toEqual([]);

      ok(await api.delete(`/v1/events/${eventId}`, { token: owner.accessToken }), 204);
      const [cancelled] = await waitFor(bea, about('eventId', eventId, 'event_cancelled'));
      expect(cancelled).toMatchObject({ actorId: owner.userId, data: { title: 'Picnic in the park' } });
      expect(await having(owner, about('eventId', eventId, 'event_cancelled'))).toEqual([]);
    });

    it('file shared with me: users named on upload, then those newly named by a permissions change', async () => {
      const bytes = Buffer.from('Minutes\n');
      const created = ok(
        await api.post(`/v1/villages/${villageId}/files`, {
          token: owner.accessToken,
          body: {
            name: 'minutes.txt',
            contentType: 'text/plain',
            size: bytes.length,
            permissions: { read: [bea.userId] },
          },
        }),
        201,
      );
      const fileId = String(created.body.file.id);
      const { url, headers } = created.body.upload;
      expect((await fetch(url, { method: 'PUT', headers, body: bytes })).status).toBe(200);
      ok(await api.post(`/v1/files/${fileId}/complete`, { token: owner.accessToken, body: {} }), 200);

      expect(await waitFor(bea, about('fileId', fileId))).toEqual([
        expect.objectContaining({
          kind: 'file_shared',
          actorId: owner.userId,
          subject: { fileId },
          data: { name: 'minutes.txt', folder: '/' },
        }),
      ]);
      expect(await having(carl, about('fileId', fileId))).toEqual([]);
      expect(await having(owner, about('fileId', fileId))).toEqual([]);

      ok(
        await api.patch(`/v1/files/${fileId}`, {
          token: owner.accessToken,
          body: { permissions: { read: [bea.userId, carl.userId] } },
        }),
        200,
      );
      await waitFor(carl, about('fileId', fileId));
      expect(await having(bea, about('fileId', fileId))).toHaveLength(1);
    });
  });
});
