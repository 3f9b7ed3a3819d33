import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { eventually, type TestEnvironment } from '@vv/testing';
import type { Client } from 'pg';
import { expectProblem, type Api, type Account } from './http';
import {
  freePort,
  nextMessage,
  ok,
  Receiver,
  startWebhooksSuite,
  type WebhooksSuite,
} from './webhooks-harness';

/**
 * Webhook failures end to end: a receiver down for the whole retry window, notifications restarting
 * mid-retry, and a webhook disabled after failing too long.
 */
describe('webhook failures: dead letters, restarts, disabling', () => {
  let w: WebhooksSuite;
  let environment: TestEnvironment;
  let api: Api;
  let receiver: Receiver;
  let nc: NatsConnection;
  let sql: Client;
  let admin: Account;
  let member: Account;
  let villageId: string;
  let startNotifications: WebhooksSuite['startNotifications'];
  let stopNotifications: WebhooksSuite['stopNotifications'];
  let hooks: WebhooksSuite['hooks'];
  let register: WebhooksSuite['register'];
  let deliveries: WebhooksSuite['deliveries'];
  let listed: WebhooksSuite['listed'];
  let addContact: WebhooksSuite['addContact'];
  let contactDeliveries: WebhooksSuite['contactDeliveries'];
  let metricOf: WebhooksSuite['metricOf'];

  beforeAll(async () => {
    w = await startWebhooksSuite();
    ({
      environment,
      api,
      receiver,
      nc,
      sql,
      admin,
      member,
      villageId,
      startNotifications,
      stopNotifications,
      hooks,
      register,
      deliveries,
      listed,
      addContact,
      contactDeliveries,
      metricOf,
    } = w);
  }, 60_000);

  afterAll(() => w.close());

  it('dead-letters a delivery whose receiver is down for the whole retry window; redelivery succeeds once it is up', async () => {
    const port = await freePort();
    const down = new Receiver(port);
    const webhook = await register({
      url: `http://127.0.0.1:${port}/down`,
      events: ['identity.contact.created'],
    });
    const contactId = await addContact('Dr Down');

    const [dead] = await eventually(async () => {
      const items = await deliveries(webhook.body.id, '?status=dead');
      expect(items).toHaveLength(1);
      return items;
    }, 15_000);
    expect(dead).toMatchObject({
      status: 'dead',
      attempts: 4,
      lastStatusCode: null,
      lastError: expect.stringContaining('ECONNREFUSED'),
      nextAttemptAt: null,
      deliveredAt: null,
    });
    expect(dead.recentAttempts).toHaveLength(4);
    expect(await deliveries(webhook.body.id, '?status=pending')).toEqual([]);
    const deadCount = await metricOf('vv_webhook_attempts_total', 'dead');
    expect(deadCount).toBeGreaterThanOrEqual(1);

    await down.start();
    try {
      const redelivered = ok(
        await api.post(hooks(`/${webhook.body.id}/deliveries/${dead.id}/redeliver`), {
          token: admin.accessToken,
        }),
        200,
      ).body;
      expect(redelivered).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
      const [request] = await eventually(() => {
        const found = down.events('/down', 'identity.contact.created');
        expect(found).toHaveLength(1);
        return found;
      });
      expect(request.headers['x-village-delivery']).toBe(dead.id);
      expect(JSON.parse(request.body).data.contactId).toBe(contactId);
      await eventually(async () =>
        expect((await deliveries(webhook.body.id))[0]).toMatchObject({
          id: dead.id,
          status: 'succeeded',
          attempts: 1,
          lastStatusCode: 200,
        }),
      );
      // The log keeps every attempt, the dead-lettered ones included.
      expect((await deliveries(webhook.body.id))[0].recentAttempts).toHaveLength(5);
      expectProblem(
        await api.post(hooks(`/${webhook.body.id}/deliveries/${dead.id}/redeliver`), {
          token: member.accessToken,
        }),
        403,
        'forbidden',
      );
      expectProblem(
        await api.post(hooks(`/${webhook.body.id}/deliveries/${webhook.body.id}/redeliver`), {
          token: admin.accessToken,
        }),
        404,
        'not_found',
      );
    } finally {
      await down.stop();
      ok(await api.delete(hooks(`/${webhook.body.id}`), { token: admin.accessToken }), 204);
    }
  }, 30_000);

  it('loses no delivery when notifications restarts while a retry is pending, and delivers it exactly once', async () => {
    // Slow retries for this boot, so the app is surely down when the retry comes due.
    await stopNotifications();
    await startNotifications({ WEBHOOK_BACKOFF_BASE_MS: '2000', WEBHOOK_BACKOFF_MAX_MS: '2000' });
    const path = '/restart';
    receiver.plan(path, [500, 200]);
    const webhook = await register({ url: receiver.url(path), events: ['identity.contact.created'] });
    const contactId = await addContact('Dr Restart');

    await eventually(() => expect(contactDeliveries(path, contactId)).toHaveLength(1));
    await stopNotifications();
    const { rows } = await sql.query<{ status: string }>(
      'select status from notifications.webhook_deliveries where webhook_id = $1',
      [webhook.body.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('failed');
    // The retry comes due while the app is down (made due now rather than waited for): nothing is sent.
    await sql.query(
      "update notifications.webhook_deliveries set next_attempt_at = now() - interval '1 second' where webhook_id = $1",
      [webhook.body.id],
    );
    expect(contactDeliveries(path, contactId)).toHaveLength(1);

    await startNotifications();
    const requests = await eventually(() => {
      const found = contactDeliveries(path, contactId);
      expect(found.map((request) => request.answeredWith)).toEqual([500, 200]);
      return found;
    });
    expect(new Set(requests.map((request) => request.headers['x-village-delivery'])).size).toBe(1);
    // Succeeded (marked after the receiver answered): a delivery is never sent again after that.
    await eventually(async () =>
      expect((await deliveries(webhook.body.id))[0]).toMatchObject({ status: 'succeeded', attempts: 2 }),
    );
    expect(contactDeliveries(path, contactId).filter((request) => request.answeredWith === 200)).toHaveLength(
      1,
    );
    ok(await api.delete(hooks(`/${webhook.body.id}`), { token: admin.accessToken }), 204);
  }, 30_000);

  it('disables a webhook failing longer than WEBHOOK_DISABLE_AFTER_MS and emits notifications.webhook.disabled', async () => {
    const subscription: Subscription = nc.subscribe(
      `${environment.prefix}.evt.notifications.webhook.disabled.v1`,
    );
    const watcherPath = '/watcher';
    const watcher = await register({ url: receiver.url(watcherPath), events: ['notifications.*'] });
    const port = await freePort();
    const failing = await register({
      url: `http://127.0.0.1:${port}/never`,
      events: ['identity.contact.created'],
    });
    const failingId = String(failing.body.id);

    await addContact('Dr First');
    const [first] = await eventually(async () => {
      const items = await deliveries(failingId, '?status=dead');
      expect(items).toHaveLength(1);
      return items;
    }, 15_000);
    expect(first.lastError).toContain('ECONNREFUSED');
    expect(await listed(failingId)).toMatchObject({ enabled: true, failingSince: expect.any(String) });
    // Failing for longer than the window (moved back rather than waited for): the next failure disables it.
    await sql.query(
      "update notifications.webhooks set failing_since = failing_since - interval '5 seconds' where id = $1",
      [failingId],
    );
    const before = await listed(failingId);
    await addContact('Dr Second');

    const after = await eventually(async () => {
      const item = await listed(failingId);
      expect(item.enabled).toBe(false);
      return item;
    }, 15_000);
    expect(after).toMatchObject({ disabledAt: expect.any(String), failingSince: before.failingSince });

    // The event: on the notifications stream, and fanned in to the village's other webhooks.
    const published = await nextMessage(subscription, 10_000);
    expect(published).toMatchObject({
      type: 'notifications.webhook.disabled',
      version: 1,
      villageId,
      data: { webhookId: failingId, villageId, createdBy: admin.userId, failingSince: before.failingSince },
    });
    const [delivered] = await eventually(() => {
      const found = receiver.events(watcherPath, 'notifications.webhook.disabled');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(JSON.parse(delivered.body).data.webhookId).toBe(failingId);

    // Every delivery is dead; a disabled webhook is not redelivered to until it is enabled again.
    const log = await deliveries(failingId);
    expect(log.map((delivery) => delivery.status)).toEqual(['dead', 'dead']);
    expectProblem(
      await api.post(hooks(`/${failingId}/deliveries/${log[0].id}/redeliver`), { token: admin.accessToken }),
      409,
      'conflict',
    );
    // A webhook that takes the same events: each event is queued for all its webhooks at once, so
    // once the barrier has Dr Third's delivery, the disabled one has been passed over.
    const barrier = await register({ url: receiver.url('/barrier'), events: ['identity.contact.created'] });
    const third = await addContact('Dr Third');
    await eventually(() => expect(contactDeliveries('/barrier', third)).toHaveLength(1));
    expect(await deliveries(failingId)).toHaveLength(2);
    const enabled = ok(
      await api.patch(hooks(`/${failingId}`), { token: admin.accessToken, body: { enabled: true } }),
      200,
    ).body;
    expect(enabled).toMatchObject({ enabled: true, disabledAt: null, failingSince: null });
    ok(
      await api.post(hooks(`/${failingId}/deliveries/${log[0].id}/redeliver`), { token: admin.accessToken }),
      200,
    );
    subscription.unsubscribe();
    for (const id of [failingId, watcher.body.id, barrier.body.id]) {
      ok(await api.delete(hooks(`/${id}`), { token: admin.accessToken }), 204);
    }
  }, 40_000);
});
