import { randomUUID } from 'node:crypto';
import { type Account, type Answer, type Api, expectProblem, signUp } from './http';
import { type Item, type NotificationsSuite, startNotificationsSuite } from './notifications-harness';

/**
 * The notification list over HTTP: pages, the unread count, and marking read.
 */
describe('notifications over HTTP', () => {
  let s: NotificationsSuite;
  let api: Api;
  let owner: Account;
  let ok: NotificationsSuite['ok'];
  let notificationsOf: NotificationsSuite['notificationsOf'];
  let waitFor: NotificationsSuite['waitFor'];
  let inVillage: NotificationsSuite['inVillage'];
  let createVillage: NotificationsSuite['createVillage'];
  let addMember: NotificationsSuite['addMember'];
  let conversation: NotificationsSuite['conversation'];
  let send: NotificationsSuite['send'];

  beforeAll(async () => {
    s = await startNotificationsSuite();
    ({ api, owner, ok, notificationsOf, waitFor, inVillage, createVillage, addMember, conversation, send } =
      s);
  }, 90_000);

  afterAll(() => s.close());

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
});
