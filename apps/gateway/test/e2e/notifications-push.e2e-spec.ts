import { pushPayload } from '@vv/contracts';
import { eventually } from '@vv/testing';
import { type Account, type Answer, type Api, expectProblem } from './http';
import { type NotificationsSuite, startNotificationsSuite } from './notifications-harness';
import { browserKeys, decryptPush, PushService, verifyVapid } from './push-service';

/**
 * Web Push over HTTP: subscriptions, and encrypted, VAPID-signed pushes to a push service on localhost.
 */
describe('notifications over HTTP', () => {
  let s: NotificationsSuite;
  let api: Api;
  let bea: Account;
  let carl: Account;
  let dan: Account;
  let villageId: string;
  let ok: NotificationsSuite['ok'];
  let idOf: NotificationsSuite['idOf'];
  let waitFor: NotificationsSuite['waitFor'];
  let about: NotificationsSuite['about'];
  let conversation: NotificationsSuite['conversation'];
  let send: NotificationsSuite['send'];
  let pushesSent: NotificationsSuite['pushesSent'];

  beforeAll(async () => {
    s = await startNotificationsSuite();
    ({ api, bea, carl, dan, villageId, ok, idOf, waitFor, about, conversation, send, pushesSent } = s);
  }, 90_000);

  afterAll(() => s.close());

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
      await pushesSent(bea); // none left to send: nothing more comes
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
      // A notification's pushes are queued with it: once none is left to send, none is coming.
      await pushesSent(carl);
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
});
