import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  eventSubject,
  messageSent,
  notificationList,
  postCreated,
  userDeleted,
  villageDeleted,
  webhookDisabled,
  type EventDefinition,
  type EventEnvelope,
  type ResponseOf,
} from '@vv/contracts';
import { ensureServiceStream, Metrics, NatsClientProxy, type RunningApp } from '@vv/platform';
import { createTestEnvironment, eventually, type TestEnvironment } from '@vv/testing';
import { createNotificationsApp } from '../src/app';
import { InboxConsumer } from '../src/inbox/inbox.consumer';
import { WebhookFanInConsumer } from '../src/webhooks/webhook-fan-in.consumer';
import { WebhooksRepository } from '../src/webhooks/webhooks.repository';

/**
 * The inbox consumers against real PostgreSQL and NATS, with the producers stood in for by events
 * published to their streams: notifications' own webhook.disabled, a deleted account, an event too
 * old to notify. (Every kind through the real services: apps/gateway/test/e2e/notifications.e2e-spec.ts and notifications-content.e2e-spec.ts.)
 */
describe('notifications: inbox consumers', () => {
  let t: TestEnvironment;
  let app: RunningApp;
  let nc: NatsConnection;
  let rpc: NatsClientProxy;
  const villageId = randomUUID();

  const publish = async (
    def: EventDefinition,
    data: Record<string, unknown>,
    occurredAt = new Date().toISOString(),
  ): Promise<EventEnvelope> => {
    const envelope: EventEnvelope = {
      id: randomUUID(),
      type: `${def.service}.${def.name}`,
      version: def.version,
      occurredAt,
      villageId: (data.villageId as string | undefined) ?? null,
      actorId: null,
      data,
    };
    await jetstream(nc).publish(eventSubject(t.prefix, def), JSON.stringify(envelope), {
      msgID: randomUUID(),
    });
    return envelope;
  };
  const direct = (to: string, occurredAt?: string): Promise<EventEnvelope> =>
    publish(
      messageSent,
      {
        conversationId: randomUUID(),
        messageId: randomUUID(),
        villageId,
        authorId: randomUUID(),
        recipientIds: [to],
        attachments: [],
      },
      occurredAt,
    );
  const list = (userId: string): Promise<ResponseOf<typeof notificationList>> =>
    rpc.call(notificationList, { limit: 50, unread: false }, { actor: { userId, sessionId: randomUUID() } });

  beforeAll(async () => {
    t = await createTestEnvironment();
    nc = await connect({ servers: t.natsUrl });
    t.track({ close: () => nc.close() });
    for (const service of ['identity', 'messaging', 'notifications'] as const) {
      await ensureServiceStream(nc, t.prefix, service);
    }
    app = await createNotificationsApp({
      ...t.env,
      NOTIFICATIONS_HTTP_PORT: '0',
      SMTP_URL: 'smtp://127.0.0.1:1',
    });
    t.track(app);
    rpc = new NatsClientProxy({ nc, prefix: t.prefix, defaultTimeoutMs: 5000, metrics: new Metrics('test') });
  });

  afterAll(async () => {
    await t.cleanup();
  });

  it("tells a webhook's creator it was disabled (notifications' own event)", async () => {
    const createdBy = randomUUID();
    const webhookId = randomUUID();
    await publish(webhookDisabled, {
      webhookId,
      villageId,
      createdBy,
      failingSince: '2026-01-01T00:00:00.000Z',
      disabledAt: '2026-01-02T00:00:00.000Z',
    });
    const page = await eventually(async () => {
      const answer = await list(createdBy);
      expect(answer.items).toHaveLength(1);
      return answer;
    });
    expect(page).toMatchObject({
      unreadCount: 1,
      items: [{ kind: 'webhook_disabled', villageId, actorId: null, subject: { webhookId } }],
    });
  });

  it('makes nothing of an event older than NOTIFY_MAX_EVENT_AGE_HOURS (a replayed stream)', async () => {
    const userId = randomUUID();
    const stale = await direct(userId, new Date(Date.now() - 73 * 3_600_000).toISOString());
    const fresh = await direct(userId);
    const items = await eventually(async () => {
      const answer = await list(userId);
      expect(answer.items).toHaveLength(1);
      return answer.items;
    });
    expect(items[0].subject.messageId).toBe((fresh.data as { messageId: string }).messageId);
    expect(items[0].subject.messageId).not.toBe((stale.data as { messageId: string }).messageId);
  });

  it("forgets a deleted account's notifications", async () => {
    const userId = randomUUID();
    await direct(userId);
    await eventually(async () => expect((await list(userId)).items).toHaveLength(1));
    await publish(userDeleted, { userId });
    await eventually(async () =>
      expect(await list(userId)).toEqual({ items: [], nextCursor: null, unreadCount: 0 }),
    );
  });

  it('applies a batch as it would its events one after the other, an account deleted in between included', async () => {
    const consumers = app.app.get(InboxConsumer);
    const db = app.services.db!;
    const envelope = (def: EventDefinition, data: Record<string, unknown>): EventEnvelope => ({
      id: randomUUID(),
      type: `${def.service}.${def.name}`,
      version: def.version,
      occurredAt: new Date().toISOString(),
      villageId: (data.villageId as string | undefined) ?? null,
      actorId: null,
      data,
    });
    const message = (to: string[]): EventEnvelope =>
      envelope(messageSent, {
        conversationId: randomUUID(),
        messageId: randomUUID(),
        villageId,
        authorId: randomUUID(),
        recipientIds: to,
        attachments: [],
      });
    const events = (deleted: string, other: string): EventEnvelope[] => [
      message([deleted, other]),
      envelope(userDeleted, { userId: deleted }),
      message([deleted]),
      message([other]),
    ];
    const counts = async (userIds: string[]): Promise<number[]> =>
      Promise.all(userIds.map(async (userId) => (await list(userId)).items.length));

    const [oneByOne, other] = [randomUUID(), randomUUID()];
    for (const event of events(oneByOne, other)) await db.transaction((tx) => consumers.apply(event, tx));
    const [batched, otherBatched] = [randomUUID(), randomUUID()];
    await db.transaction((tx) => consumers.applyBatch(events(batched, otherBatched), tx));

    // The deleted account lost its first notification and, known deleted, got none after; the other got both.
    expect(await counts([oneByOne, other])).toEqual([0, 2]);
    expect(await counts([batched, otherBatched])).toEqual([0, 2]);
  });

  it('fans a batch in to webhooks, and a village deleted mid-batch gets nothing after', async () => {
    const webhooks = app.app.get(WebhooksRepository);
    const db = app.services.db!;
    const [deleted, kept] = [randomUUID(), randomUUID()];
    const hook = (village: string) =>
      webhooks.create(
        {
          villageId: village,
          url: 'https://hooks.example.com/in',
          events: ['*'],
          secret: 'plain:a-secret-of-sixteen',
          createdBy: randomUUID(),
          data: undefined,
        },
        20,
      );
    await hook(deleted);
    const keptHook = await hook(kept);
    const event = (def: EventDefinition, village: string, data: Record<string, unknown>): EventEnvelope => ({
      id: randomUUID(),
      type: `${def.service}.${def.name}`,
      version: def.version,
      occurredAt: new Date().toISOString(),
      villageId: village,
      actorId: null,
      data,
    });
    // Direct messages are private: a post is what a village's webhooks receive.
    const sent = (village: string): EventEnvelope =>
      event(postCreated, village, {
        postId: randomUUID(),
        topicId: randomUUID(),
        villageId: village,
        parentId: null,
        authorId: randomUUID(),
        parentAuthorId: null,
        body: 'hello',
        data: {},
      });

    await db.transaction((tx) =>
      app.app
        .get(WebhookFanInConsumer)
        .fanInBatch(
          [
            sent(deleted),
            sent(kept),
            event(villageDeleted, deleted, { villageId: deleted }),
            sent(deleted),
            sent(kept),
          ],
          tx,
        ),
    );

    expect(await webhooks.listDeliveries(keptHook.id, undefined, 10)).toHaveLength(2);
    expect(await webhooks.list(deleted, 10)).toEqual([]);
  });
});
