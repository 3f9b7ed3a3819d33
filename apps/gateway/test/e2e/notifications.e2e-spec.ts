import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  eventEnvelope,
  EVENTS,
  eventSubject,
  notification as notificationSchema,
  pushPayload,
  serviceStreamName,
  type EventEnvelope,
  type EventKey,
} from '@vv/contracts';
import { eventually } from '@vv/testing';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, PASSWORD, signUp, type Account, type Answer } from './http';
import { allowDirectAdds, MEMBERS_APP_ADMIN } from './members';
import { browserKeys, decryptPush, PushService, verifyVapid } from './push-service';

interface Item {
  id: string;
  kind: string;
  villageId: string | null;
  actorId: string | null;
  subject: Record<string, string>;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

type Match = (item: Item) => boolean;

/**
 * In-app notifications, preferences and Web Push over HTTP, with every service booted
 * (notifications included) against real PostgreSQL, NATS and S3. Each kind is caused through the
 * API and read back from GET /v1/me/notifications. A "nobody else" check is made once a recipient
 * of the same event has theirs: one event's notifications commit in one transaction.
 */
describe('notifications over HTTP', () => {
  let suite: Suite;
  let api: Api;
  let nc: NatsConnection;
  let owner: Account;
  let ada: Account;
  let bea: Account;
  let carl: Account;
  let dan: Account;
  let villageId: string;

  const ok = (answer: Answer, status: number): Answer => {
    if (answer.status !== status)
      throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const idOf = (answer: Answer, status = 201): string => String(ok(answer, status).body.id);
  const put = (path: string, token: string, body?: unknown): Promise<Answer> =>
    api.request('PUT', path, { token, body });

  const notificationsOf = async (account: Account, query = '?limit=200'): Promise<Item[]> => {
    const answer = ok(await api.get(`/v1/me/notifications${query}`, { token: account.accessToken }), 200);
    for (const item of answer.body.items) notificationSchema.parse(item);
    return answer.body.items as Item[];
  };
  const having = async (account: Account, match: Match): Promise<Item[]> =>
    (await notificationsOf(account)).filter(match);
  /** The account's notifications matching, once there are at least `count` of them. */
  const waitFor = (account: Account, match: Match, count = 1): Promise<Item[]> =>
    eventually(
      async () => {
        const items = await having(account, match);
        if (items.length < count) throw new Error(`${items.length} of ${count} notifications so far`);
        return items;
      },
      15_000,
      100,
    );
  const about =
    (key: string, value: string, kind?: string): Match =>
    (item) =>
      item.subject[key] === value && (kind === undefined || item.kind === kind);
  const inVillage =
    (id: string): Match =>
    (item) =>
      item.villageId === id;

  const createVillage = async (token: string, name: string, visibility = 'private'): Promise<string> =>
    idOf(await api.post('/v1/villages', { token, body: { name, visibility } }));
  const addMember = async (village: string, account: Account, role = 'member'): Promise<void> => {
    ok(
      await api.post(`/v1/villages/${village}/members`, {
        token: owner.accessToken,
        body: { userId: account.userId, role },
      }),
      201,
    );
  };
  const conversation = async (village: string, from: Account, to: Account[]): Promise<string> =>
    idOf(
      await api.post(`/v1/villages/${village}/conversations`, {
        token: from.accessToken,
        body: { memberIds: to.map((account) => account.userId) },
      }),
    );
  const send = async (conversationId: string, from: Account, body = 'Hello'): Promise<string> =>
    idOf(
      await api.post(`/v1/conversations/${conversationId}/messages`, {
        token: from.accessToken,
        body: { body },
      }),
    );
  const broadcast = async (village: string, body: string): Promise<string> =>
    idOf(await api.post(`/v1/villages/${village}/broadcasts`, { token: owner.accessToken, body: { body } }));
  const topic = async (village: string, title: string): Promise<string> =>
    idOf(await api.post(`/v1/villages/${village}/topics`, { token: owner.accessToken, body: { title } }));
  const post = async (topicId: string, from: Account, body: string, parentId?: string): Promise<string> =>
    idOf(
      await api.post(`/v1/topics/${topicId}/posts`, {
        token: from.accessToken,
        body: parentId ? { body, parentId } : { body },
      }),
    );
  const setPreferences = async (
    village: string,
    account: Account,
    preferences: { level: string; topics?: Record<string, string> },
  ): Promise<Answer> =>
    ok(await put(`/v1/villages/${village}/notification-preferences`, account.accessToken, preferences), 200);

  beforeAll(async () => {
    suite = await bootSuite({
      mail: true,
      // Members are added at once here (app/members), so `added_to_village` follows an add.
      identity: { APP_ADMIN_EMAILS: MEMBERS_APP_ADMIN },
      notifications: { PUSH_ALLOW_PRIVATE: 'true', PUSH_POLL_INTERVAL_MS: '100' },
    });
    api = new Api(suite.url);
    await allowDirectAdds(api, PASSWORD);
    nc = await connect({ servers: suite.environment.natsUrl });
    [owner, ada, bea, carl, dan] = await Promise.all(
      ['Olive Owner', 'Ada Admin', 'Bea', 'Carl', 'Dan'].map((name) => signUp(api, name)),
    );
    villageId = await createVillage(owner.accessToken, 'Maple Street');
    await addMember(villageId, ada, 'admin');
    await addMember(villageId, bea);
    await addMember(villageId, carl);
  }, 90_000);

  afterAll(async () => {
    await nc.close();
    await suite.close();
  });

  describe('each kind, to the right people, never to the actor, exactly once', () => {
    it('invited: an existing user is told in-app (again on resend); an address with no account makes none', async () => {
      const invitationId = idOf(
        await api.post(`/v1/villages/${villageId}/invitations`, {
          token: owner.accessToken,
          body: { email: dan.email, role: 'member' },
        }),
      );
      const [invited] = await waitFor(dan, about('invitationId', invitationId));
      expect(invited).toMatchObject({
        kind: 'invited',
        villageId,
        actorId: owner.userId,
        subject: { invitationId },
        data: { role: 'member' },
        readAt: null,
      });
      expect(await having(owner, about('invitationId', invitationId))).toEqual([]);

      ok(
        await api.post(`/v1/villages/${villageId}/invitations/${invitationId}/resend`, {
          token: owner.accessToken,
        }),
        200,
      );
      expect(await waitFor(dan, about('invitationId', invitationId), 2)).toHaveLength(2);
    });

    it('added to a village: by someone else only, not the creator nor a user joining on their own', async () => {
      const [added] = await waitFor(
        bea,
        (item) => item.kind === 'added_to_village' && item.villageId === villageId,
      );
      expect(added).toMatchObject({ actorId: owner.userId, subject: {}, data: { role: 'member' } });
      expect(await waitFor(ada, (item) => item.kind === 'added_to_village')).toEqual([
        expect.objectContaining({ villageId, data: { role: 'admin' } }),
      ]);
      expect(await having(owner, inVillage(villageId))).toEqual([]);

      const erin = await signUp(api, 'Erin');
      const square = await createVillage(owner.accessToken, 'Town Square', 'public');
      ok(await api.post(`/v1/villages/${square}/join`, { token: erin.accessToken }), 200);
      // Identity's events are handled in order: once Erin is told she was added here, her join was handled.
      const later = await createVillage(owner.accessToken, 'Later');
      await addMember(later, erin);
      await waitFor(erin, inVillage(later));
      expect(await having(erin, inVillage(square))).toEqual([]);
    });

    it('direct message: each recipient once, even when the event is delivered again; never the author', async () => {
      const conversationId = await conversation(villageId, owner, [bea, carl]);
      const messageId = await send(conversationId, owner, 'Tea at five?');
      for (const recipient of [bea, carl]) {
        expect(await waitFor(recipient, about('messageId', messageId))).toEqual([
          expect.objectContaining({
            kind: 'direct_message',
            villageId,
            actorId: owner.userId,
            subject: { conversationId, messageId },
          }),
        ]);
      }
      expect(await having(owner, about('messageId', messageId))).toEqual([]);

      // The same event again on the stream (another Nats-Msg-Id, so JetStream keeps it): no second notification.
      await republish('messaging.message.sent.v1', (data) => data.messageId === messageId);
      const next = await send(conversationId, owner, 'Or six?');
      await waitFor(bea, about('messageId', next));
      expect(await having(bea, about('messageId', messageId))).toHaveLength(1);
    });

    it('broadcast: every member but the author, with a snippet', async () => {
      const broadcastId = await broadcast(villageId, 'Street party on Saturday!');
      for (const member of [ada, bea, carl]) {
        expect(await waitFor(member, about('broadcastId', broadcastId))).toEqual([
          expect.objectContaining({
            kind: 'broadcast',
            actorId: owner.userId,
            data: { snippet: 'Street party on Saturday!' },
          }),
        ]);
      }
      expect(await having(owner, about('broadcastId', broadcastId))).toEqual([]);
      expect(await having(dan, about('broadcastId', broadcastId))).toEqual([]);
    });

    it('publishes notification.created for each one, valid against its contract, for its user only', async () => {
      const broadcastId = await broadcast(villageId, 'Live!');
      const told = new Map(
        await Promise.all(
          [ada, bea, carl].map(
            async (member) =>
              [(await waitFor(member, about('broadcastId', broadcastId)))[0].id, member.userId] as const,
          ),
        ),
      );
      const def = EVENTS['notifications.notification.created.v1'];
      const { prefix } = suite.environment;
      const consumer = await jetstream(nc).consumers.get(serviceStreamName(prefix, 'notifications'), {
        filter_subjects: eventSubject(prefix, def),
      });
      const seen = new Map<string, EventEnvelope<Record<string, unknown>>>();
      for (let tries = 0; tries < 300 && seen.size < told.size; tries++) {
        const msg = await consumer.next({ expires: 1000 });
        if (!msg) continue;
        const envelope = eventEnvelope(def.data).parse(msg.json());
        if (told.has(envelope.data.notificationId)) seen.set(envelope.data.notificationId, envelope);
      }
      expect([...seen.keys()].sort()).toEqual([...told.keys()].sort());
      for (const [notificationId, envelope] of seen) {
        expect(envelope).toMatchObject({
          type: 'notifications.notification.created',
          villageId: null,
          actorId: owner.userId,
          data: {
            notificationId,
            userId: told.get(notificationId),
            villageId,
            kind: 'broadcast',
            subject: { broadcastId },
            data: { snippet: 'Live!' },
          },
        });
      }
    });

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

  describe('the list and mark-read', () => {
    let fay: Account;
    let items: Item[];

    beforeAll(async () => {
      fay = await signUp(api, 'Fay');
      const reads = await createVillage(owner.accessToken, 'Reads');
      await addMember(reads, fay);
      await waitFor(fay, inVillage(reads));
      const conversationId = await conversation(reads, owner, [fay]);
      for (const body of ['one', 'two', 'three']) await send(conversationId, owner, body);
      items = await waitFor(fay, (item) => item.kind === 'direct_message', 3);
    });

    it('lists newest first with the unread count, a page at a time', async () => {
      const all = ok(await api.get('/v1/me/notifications', { token: fay.accessToken }), 200).body;
      expect(all.unreadCount).toBe(4);
      expect(all.items.map((item: Item) => item.kind)).toEqual([
        'direct_message',
        'direct_message',
        'direct_message',
        'added_to_village',
      ]);
      const sorted = [...all.items].sort(
        (a: Item, b: Item) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
      );
      expect(all.items).toEqual(sorted);

      const first = ok(await api.get('/v1/me/notifications?limit=3', { token: fay.accessToken }), 200).body;
      expect(first.items).toEqual(all.items.slice(0, 3));
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = ok(
        await api.get(`/v1/me/notifications?limit=3&cursor=${encodeURIComponent(first.nextCursor)}`, {
          token: fay.accessToken,
        }),
        200,
      ).body;
      expect(second).toEqual({ items: all.items.slice(3), nextCursor: null, unreadCount: 4 });
      expectProblem(
        await api.get('/v1/me/notifications?cursor=garbage', { token: fay.accessToken }),
        400,
        'invalid',
      );
      expectProblem(
        await api.get('/v1/me/notifications?unread=maybe', { token: fay.accessToken }),
        400,
        'invalid',
      );
      expectProblem(await api.get('/v1/me/notifications'), 401, 'unauthenticated');
    });

    it('marks some, up to one, then all read; the unread count and the unread filter follow', async () => {
      const read = (body: unknown, account: Account = fay): Promise<Answer> =>
        api.post('/v1/me/notifications/read', { token: account.accessToken, body });
      const unread = async (): Promise<{ items: Item[]; unreadCount: number }> => {
        const answer = ok(await api.get('/v1/me/notifications?unread=true', { token: fay.accessToken }), 200);
        return answer.body as { items: Item[]; unreadCount: number };
      };
      const [newest, middle, oldest] = items;
      const added = (await notificationsOf(fay)).find((item) => item.kind === 'added_to_village')!;

      expect(ok(await read({ ids: [newest.id, randomUUID()] }), 200).body).toEqual({ unreadCount: 3 });
      expect((await unread()).items.map((item) => item.id)).toEqual([middle.id, oldest.id, added.id]);
      // Another user cannot mark Fay's: their own count answers, Fay's stays.
      ok(await read({ ids: [middle.id] }, owner), 200);
      expect((await unread()).unreadCount).toBe(3);

      expect(ok(await read({ upTo: oldest.id }), 200).body).toEqual({ unreadCount: 1 });
      expect(await unread()).toEqual({
        items: [expect.objectContaining({ id: middle.id, readAt: null })],
        nextCursor: null,
        unreadCount: 1,
      });
      expectProblem(await read({ upTo: middle.id }, owner), 404, 'not_found');
      expectProblem(await read({}), 400, 'invalid');
      expectProblem(await read({ ids: [] }), 400, 'invalid');
      expectProblem(await read({ all: false }), 400, 'invalid');

      expect(ok(await read({ all: true }), 200).body).toEqual({ unreadCount: 0 });
      const after = ok(await api.get('/v1/me/notifications', { token: fay.accessToken }), 200).body;
      expect(after.unreadCount).toBe(0);
      expect(after.items.every((item: Item) => item.readAt !== null)).toBe(true);
      expect((await unread()).items).toEqual([]);
    });
  });

  describe('push', () => {
    let pushService: PushService;
    let publicKey: string;

    beforeAll(async () => {
      pushService = await PushService.start();
      publicKey = String(ok(await api.get('/v1/push/vapid-public-key'), 200).body.publicKey);
    });

    afterAll(async () => {
      await pushService.close();
    });

    const subscribe = (account: Account, endpoint: string, keys = browserKeys().keys): Promise<Answer> =>
      api.post('/v1/me/push-subscriptions', {
        token: account.accessToken,
        body: { endpoint, expirationTime: null, keys },
      });

    it('serves the VAPID public key without sign-in: an uncompressed P-256 key', () => {
      expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    });

    it('sends one encrypted, VAPID-signed push per notification to the subscribed browser', async () => {
      const browser = browserKeys();
      const endpoint = `${pushService.origin}/ok/${bea.userId}`;
      const subscription = ok(await subscribe(bea, endpoint, browser.keys), 201).body;
      expect(subscription).toEqual({
        id: expect.any(String),
        endpoint,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      // The same browser again: the same subscription.
      expect(ok(await subscribe(bea, endpoint, browser.keys), 201).body.id).toBe(subscription.id);

      const conversationId = await conversation(villageId, carl, [bea]);
      const messages = [
        await send(conversationId, carl, 'Push one'),
        await send(conversationId, carl, 'Push two'),
      ];
      const notified = await Promise.all(
        messages.map(async (messageId) => (await waitFor(bea, about('messageId', messageId)))[0].id),
      );
      const path = `/ok/${bea.userId}`;
      await eventually(() => expect(pushService.to(path)).toHaveLength(2), 10_000, 50);
      await new Promise((resolve) => setTimeout(resolve, 500)); // nothing more comes
      const pushes = pushService.to(path);
      expect(pushes).toHaveLength(2);

      const payloads = pushes.map((push) => {
        expect(verifyVapid(push.headers.authorization, pushService.origin)).toMatchObject({
          publicKey,
          claims: { aud: pushService.origin, sub: expect.stringMatching(/^(mailto:|https:)/) },
        });
        expect(push.headers).toMatchObject({
          ttl: expect.stringMatching(/^\d+$/),
          'content-encoding': 'aes128gcm',
          topic: expect.stringMatching(/^[0-9a-f]{32}$/),
        });
        return pushPayload.parse(JSON.parse(decryptPush(push.body, browser)));
      });
      expect(payloads.map((payload) => payload.notificationId).sort()).toEqual([...notified].sort());
      expect(payloads[0]).toEqual({ notificationId: expect.any(String), kind: 'direct_message', villageId });
    });

    it('removes a subscription the push service says is gone (410), and pushes no more to it', async () => {
      const endpoint = `${pushService.origin}/gone/${carl.userId}`;
      const subscriptionId = idOf(await subscribe(carl, endpoint));
      const conversationId = await conversation(villageId, bea, [carl]);
      const first = await send(conversationId, bea, 'Are you there?');
      await waitFor(carl, about('messageId', first));
      await eventually(() => expect(pushService.to(`/gone/${carl.userId}`)).toHaveLength(1), 10_000, 50);
      // Gone: deleting it now finds nothing.
      await eventually(
        async () =>
          expectProblem(
            await api.delete(`/v1/me/push-subscriptions/${subscriptionId}`, { token: carl.accessToken }),
            404,
            'not_found',
          ),
        5000,
        50,
      );
      const second = await send(conversationId, bea, 'Hello?');
      await waitFor(carl, about('messageId', second));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(pushService.to(`/gone/${carl.userId}`)).toHaveLength(1);
    });

    it('validates subscriptions, and deletes only my own', async () => {
      const keys = browserKeys().keys;
      expectProblem(await subscribe(dan, 'ftp://push.example.com/x', keys), 400, 'invalid');
      expectProblem(await subscribe(dan, 'not a url', keys), 400, 'invalid');
      expectProblem(
        await subscribe(dan, `${pushService.origin}/ok/x`, { ...keys, p256dh: 'short' }),
        400,
        'invalid',
      );
      expectProblem(
        await subscribe(dan, `${pushService.origin}/ok/x`, { ...keys, auth: 'A'.repeat(40) }),
        400,
        'invalid',
      );
      expectProblem(
        await api.post('/v1/me/push-subscriptions', { body: { endpoint: 'https://x.example', keys } }),
        401,
        'unauthenticated',
      );

      const mine = idOf(await subscribe(dan, `${pushService.origin}/ok/dan`, keys));
      expectProblem(
        await api.delete(`/v1/me/push-subscriptions/${mine}`, { token: bea.accessToken }),
        404,
        'not_found',
      );
      ok(await api.delete(`/v1/me/push-subscriptions/${mine}`, { token: dan.accessToken }), 204);
      expectProblem(
        await api.delete(`/v1/me/push-subscriptions/${mine}`, { token: dan.accessToken }),
        404,
        'not_found',
      );
    });
  });

  /** Publishes an event already on its stream once more, as a redelivery would bring it again. */
  async function republish(key: EventKey, match: (data: Record<string, unknown>) => boolean): Promise<void> {
    const def = EVENTS[key];
    const { prefix } = suite.environment;
    const js = jetstream(nc);
    const consumer = await js.consumers.get(serviceStreamName(prefix, def.service), {
      filter_subjects: eventSubject(prefix, def),
    });
    for (let tries = 0; tries < 200; tries++) {
      const msg = await consumer.next({ expires: 1000 });
      if (!msg) continue;
      const envelope = msg.json<{ data: Record<string, unknown> }>();
      if (match(envelope.data)) {
        await js.publish(msg.subject, msg.data, { msgID: randomUUID() });
        return;
      }
    }
    throw new Error(`no ${key} event matched`);
  }
});
