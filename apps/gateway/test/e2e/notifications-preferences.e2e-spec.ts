import { randomUUID } from 'node:crypto';
import { type Account, type Api, expectProblem } from './http';
import { type NotificationsSuite, startNotificationsSuite } from './notifications-harness';

/**
 * Notification preferences over HTTP: levels per village, watched and muted topics.
 */
describe('notifications over HTTP', () => {
  let s: NotificationsSuite;
  let api: Api;
  let owner: Account;
  let bea: Account;
  let carl: Account;
  let dan: Account;
  let ok: NotificationsSuite['ok'];
  let put: NotificationsSuite['put'];
  let having: NotificationsSuite['having'];
  let waitFor: NotificationsSuite['waitFor'];
  let about: NotificationsSuite['about'];
  let createVillage: NotificationsSuite['createVillage'];
  let addMember: NotificationsSuite['addMember'];
  let conversation: NotificationsSuite['conversation'];
  let send: NotificationsSuite['send'];
  let broadcast: NotificationsSuite['broadcast'];
  let topic: NotificationsSuite['topic'];
  let post: NotificationsSuite['post'];
  let setPreferences: NotificationsSuite['setPreferences'];

  beforeAll(async () => {
    s = await startNotificationsSuite();
    ({
      api,
      owner,
      bea,
      carl,
      dan,
      ok,
      put,
      having,
      waitFor,
      about,
      createVillage,
      addMember,
      conversation,
      send,
      broadcast,
      topic,
      post,
      setPreferences,
    } = s);
  }, 90_000);

  afterAll(() => s.close());

  describe('preferences', () => {
    let prefs: string;
    let gardenTopic: string;
    let quietTopic: string;

    beforeAll(async () => {
      prefs = await createVillage(owner.accessToken, 'Preferences');
      await addMember(prefs, bea);
      await addMember(prefs, carl);
      gardenTopic = await topic(prefs, 'Garden');
      quietTopic = await topic(prefs, 'Quiet');
    });

    const path = (village: string): string => `/v1/villages/${village}/notification-preferences`;

    it('reads the defaults, replaces them, validates them, and answers members only', async () => {
      expect(ok(await api.get(path(prefs), { token: bea.accessToken }), 200).body).toEqual({
        villageId: prefs,
        level: 'all',
        topics: {},
        updatedAt: null,
      });
      const saved = await setPreferences(prefs, bea, {
        level: 'mentions_and_direct',
        topics: { [gardenTopic]: 'watch', [quietTopic]: 'normal' },
      });
      expect(saved.body).toMatchObject({
        villageId: prefs,
        level: 'mentions_and_direct',
        topics: { [gardenTopic]: 'watch' },
      });
      expect(ok(await api.get(path(prefs), { token: bea.accessToken }), 200).body).toEqual(saved.body);
      // PUT replaces: topics left out are normal again.
      expect((await setPreferences(prefs, bea, { level: 'all' })).body.topics).toEqual({});

      expectProblem(await put(path(prefs), bea.accessToken, { level: 'loud' }), 400, 'invalid');
      expectProblem(
        await put(path(prefs), bea.accessToken, { level: 'all', topics: { 'not-a-topic': 'watch' } }),
        400,
        'invalid',
      );
      expectProblem(
        await put(path(prefs), bea.accessToken, { level: 'all', topics: { [gardenTopic]: 'loud' } }),
        400,
        'invalid',
      );
      expectProblem(await put(path(prefs), bea.accessToken, { level: 'all', extra: 1 }), 400, 'invalid');
      expectProblem(await api.get(path(prefs), { token: dan.accessToken }), 404, 'not_found');
      expectProblem(await put(path(prefs), dan.accessToken, { level: 'none' }), 404, 'not_found');
      const square = await createVillage(owner.accessToken, 'Open Square', 'public');
      expectProblem(await api.get(path(square), { token: dan.accessToken }), 403, 'forbidden');
      expectProblem(await api.get(path(randomUUID()), { token: dan.accessToken }), 404, 'not_found');
      expectProblem(await api.get(path(prefs)), 401, 'unauthenticated');
    });

    it('refuses topic ids that are not topics of the village, naming each, and stores nothing', async () => {
      const saved = await setPreferences(prefs, bea, { level: 'all', topics: { [gardenTopic]: 'watch' } });
      // Bea reads both villages: a topic of the other one is still not a topic of this one.
      const otherVillage = await createVillage(owner.accessToken, 'Elsewhere');
      await addMember(otherVillage, bea);
      const foreign = await topic(otherVillage, 'Foreign');
      const hidden = await topic(await createVillage(owner.accessToken, 'Hidden'), 'Hidden');
      const nowhere = randomUUID();
      const answer = await put(path(prefs), bea.accessToken, {
        level: 'none',
        topics: { [quietTopic]: 'mute', [foreign]: 'watch', [hidden]: 'mute', [nowhere]: 'normal' },
      });
      expectProblem(answer, 400, 'invalid');
      expect(answer.body.errors).toEqual(
        expect.arrayContaining(
          [foreign, hidden, nowhere].map((id) => ({
            field: `topics.${id}`,
            reason: 'not a topic of this village',
          })),
        ),
      );
      expect(answer.body.errors).toHaveLength(3);
      expect(ok(await api.get(path(prefs), { token: bea.accessToken }), 200).body).toEqual(saved.body);
    });

    it('none: nothing from the village, not even a direct message', async () => {
      await setPreferences(prefs, bea, { level: 'none' });
      const broadcastId = await broadcast(prefs, 'Quiet please');
      const messageId = await send(await conversation(prefs, owner, [bea, carl]), owner, 'Psst');
      await waitFor(carl, about('broadcastId', broadcastId));
      await waitFor(carl, about('messageId', messageId));
      expect(await having(bea, about('broadcastId', broadcastId))).toEqual([]);
      expect(await having(bea, about('messageId', messageId))).toEqual([]);
    });

    it('mentions_and_direct: what is addressed to me, not broadcasts', async () => {
      await setPreferences(prefs, bea, { level: 'mentions_and_direct' });
      const broadcastId = await broadcast(prefs, 'Bins go out tonight');
      const messageId = await send(await conversation(prefs, owner, [bea, carl]), owner, 'Can you help?');
      await waitFor(carl, about('broadcastId', broadcastId));
      await waitFor(bea, about('messageId', messageId));
      expect(await having(bea, about('broadcastId', broadcastId))).toEqual([]);
    });

    it('watch: every new post of a watched topic notifies, not of the others, never its author', async () => {
      await setPreferences(prefs, bea, { level: 'all', topics: { [gardenTopic]: 'watch' } });
      const other = await post(quietTopic, carl, 'Nobody watches this');
      const watched = await post(gardenTopic, carl, 'Tomatoes are ripe');
      expect(await waitFor(bea, about('postId', watched))).toEqual([
        expect.objectContaining({
          kind: 'topic_post',
          actorId: carl.userId,
          subject: { topicId: gardenTopic, postId: watched },
          data: { parentId: null, snippet: 'Tomatoes are ripe' },
        }),
      ]);
      expect(await having(bea, about('postId', other))).toEqual([]);
      expect(await having(owner, about('postId', watched))).toEqual([]);
      expect(await having(carl, about('postId', watched))).toEqual([]);
    });

    it('mute: nothing from a muted topic, not even a reply to my post or a reaction to it', async () => {
      const mine = await post(quietTopic, bea, 'My quiet post');
      await setPreferences(prefs, bea, { level: 'all', topics: { [quietTopic]: 'mute' } });
      await setPreferences(prefs, owner, { level: 'all', topics: { [quietTopic]: 'watch' } });
      const replyId = await post(quietTopic, carl, 'A reply to Bea', mine);
      ok(await put(`/v1/posts/${mine}/reactions/${encodeURIComponent('🎉')}`, carl.accessToken), 200);
      // Owner watches the topic: once told of the reply, it was handled; the reaction comes before the DM.
      await waitFor(owner, about('postId', replyId, 'topic_post'));
      const messageId = await send(await conversation(prefs, carl, [bea]), carl, 'Did you see?');
      await waitFor(bea, about('messageId', messageId));
      expect(await having(bea, about('topicId', quietTopic))).toEqual([]);
    });
  });
});
