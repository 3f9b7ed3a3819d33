import { randomUUID } from 'node:crypto';
import { webhookDisabled } from '@vv/contracts';
import { Database, runMigrations, serviceMigrationSources } from '@vv/platform';
import { createTestDatabase, eventually, type TestDatabase } from '@vv/testing';
import { Client } from 'pg';
import { NOTIFICATIONS_MIGRATIONS_DIR, NOTIFICATIONS_SHARED_SQL } from '../src/migrations';
import type { ClaimedDelivery, WebhookRow } from '../src/webhooks/webhook-rows';
import { WebhooksRepository } from '../src/webhooks/webhooks.repository';

/**
 * The webhook queue's SQL against a real PostgreSQL: idempotent fan-in, leases that survive a
 * dead worker (and ignore its late answer), dead-lettering, disabling with its event, the purge.
 */
describe('notifications: webhook delivery queue', () => {
  let database: TestDatabase;
  let db: Database;
  let sql: Client;
  let repository: WebhooksRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    await runMigrations({
      databaseUrl: database.url,
      schema: 'notifications',
      sources: serviceMigrationSources(
        'notifications',
        NOTIFICATIONS_MIGRATIONS_DIR,
        NOTIFICATIONS_SHARED_SQL,
      ),
    });
    db = new Database({
      url: database.url,
      poolSize: 3,
      statementTimeoutMs: 5000,
      idleTimeoutMs: 1000,
      applicationName: 'webhook-queue-test',
    });
    await db.connect();
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    repository = new WebhooksRepository(db);
  });

  afterAll(async () => {
    await sql.end();
    await db.close();
    await database.drop();
  });

  const newWebhook = (villageId = randomUUID()): Promise<WebhookRow> =>
    repository.create(
      {
        villageId,
        url: 'https://hooks.example.com/in',
        events: ['*'],
        secret: 'plain:a-secret-of-sixteen',
        createdBy: randomUUID(),
        data: undefined,
      },
      20,
    );

  const enqueue = (webhookIds: string[], eventId = randomUUID()): Promise<number> =>
    db.transaction((tx) =>
      repository.enqueue(tx, { webhookIds, eventId, eventType: 'identity.contact.created', body: '{"x":1}' }),
    );

  /** Claims everything due and returns the delivery of `webhookId`. */
  const claimOf = async (webhookId: string, leaseMs = 60_000): Promise<ClaimedDelivery | undefined> =>
    (await repository.claim(100, leaseMs)).find((delivery) => delivery.webhookId === webhookId);

  it('queues an event once per webhook, only for enabled ones', async () => {
    const webhook = await newWebhook();
    const eventId = randomUUID();
    expect(await enqueue([webhook.id], eventId)).toBe(1);
    expect(await enqueue([webhook.id], eventId)).toBe(0);
    await repository.update(webhook.villageId, webhook.id, { enabled: false });
    expect(await enqueue([webhook.id])).toBe(0);
  });

  it('hands a delivery to one worker at a time, and back to another when the first dies mid-attempt', async () => {
    const webhook = await newWebhook();
    await enqueue([webhook.id]);
    const first = await claimOf(webhook.id, 200);
    expect(first).toMatchObject({ attempts: 1, body: '{"x":1}', secret: 'plain:a-secret-of-sixteen' });
    expect(await claimOf(webhook.id)).toBeUndefined(); // leased

    // The first worker never answers: once its lease runs out, the delivery is claimed again.
    const second = await eventually(async () => {
      const claimed = await claimOf(webhook.id);
      expect(claimed).toBeDefined();
      return claimed;
    });
    expect(second).toMatchObject({ id: first!.id, attempts: 2 });
    expect(second!.leaseId).not.toBe(first!.leaseId);

    // The dead worker's late answer changes nothing; the live one's counts.
    expect(await repository.markSucceeded(first!, 200, 5)).toBe(false);
    expect(await repository.markSucceeded(second!, 204, 7)).toBe(true);
    const [row] = await repository.listDeliveries(webhook.id, undefined, 10);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 2, lastStatusCode: 204, nextAttemptAt: null });
    expect(row.recentAttempts).toEqual([
      expect.objectContaining({ number: 2, statusCode: 204, succeeded: true }),
      expect.objectContaining({
        number: 1,
        statusCode: null,
        succeeded: false,
        error: expect.stringMatching(/^interrupted/),
      }),
    ]);
  });

  it('retries after the delay given, dead-letters when none is, and redelivers afresh', async () => {
    const webhook = await newWebhook();
    await enqueue([webhook.id]);
    const attempt = { statusCode: 503, error: 'HTTP 503', durationMs: 3, disableAfterMs: 86_400_000 };
    const first = (await claimOf(webhook.id))!;
    expect(await repository.markFailed(first, { ...attempt, retryInMs: 100 })).toEqual({
      recorded: true,
      dead: false,
      webhookDisabled: false,
    });
    expect(await claimOf(webhook.id)).toBeUndefined(); // not due yet
    const second = await eventually(async () => {
      const claimed = await claimOf(webhook.id);
      expect(claimed).toBeDefined();
      return claimed!;
    });
    expect(second.attempts).toBe(2);
    expect(await repository.markFailed(second, { ...attempt, retryInMs: null })).toMatchObject({
      dead: true,
    });
    const [dead] = await repository.listDeliveries(webhook.id, 'dead', 10);
    expect(dead).toMatchObject({ id: first.id, attempts: 2, lastStatusCode: 503, nextAttemptAt: null });
    expect(
      (
        await db.one<WebhookRow>('notifications.get_webhook', {
          villageId: webhook.villageId,
          webhookId: webhook.id,
        })
      ).failingSince,
    ).not.toBeNull();

    const again = await repository.redeliver(webhook.id, first.id);
    expect(again).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await claimOf(webhook.id))?.attempts).toBe(1);
  });

  it('disables a webhook failing longer than the window, kills its queue and emits its event in the outbox', async () => {
    const webhook = await newWebhook();
    await enqueue([webhook.id]);
    await enqueue([webhook.id]);
    const [one, two] = (await repository.claim(100, 60_000)).filter(
      (delivery) => delivery.webhookId === webhook.id,
    );
    const failure = { statusCode: null, error: 'connect ECONNREFUSED', durationMs: 1, retryInMs: 1000 };
    expect(await repository.markFailed(one, { ...failure, disableAfterMs: 0 })).toMatchObject({
      webhookDisabled: false, // the failure run starts here
    });
    await enqueue([webhook.id]);
    expect(await repository.markFailed(two, { ...failure, disableAfterMs: 0 })).toEqual({
      recorded: true,
      dead: true,
      webhookDisabled: true,
    });
    const stored = await db.one<WebhookRow>('notifications.get_webhook', {
      villageId: webhook.villageId,
      webhookId: webhook.id,
    });
    expect(stored).toMatchObject({ enabled: false, disabledAt: expect.any(String) });
    const statuses = (await repository.listDeliveries(webhook.id, undefined, 10)).map((row) => row.status);
    expect(statuses).toEqual(['dead', 'dead', 'dead']);
    await expect(repository.redeliver(webhook.id, one.id)).rejects.toMatchObject({ code: 'conflict' });

    const { rows } = await sql.query<{ type: string; village_id: string; data: unknown }>(
      "select type, village_id, data from notifications.outbox where type = 'notifications.webhook.disabled'",
    );
    const event = rows.find((row) => (row.data as { webhookId: string }).webhookId === webhook.id)!;
    expect(event.village_id).toBe(webhook.villageId);
    expect(webhookDisabled.data.parse(event.data)).toMatchObject({
      webhookId: webhook.id,
      villageId: webhook.villageId,
      createdBy: webhook.createdBy,
      failingSince: stored.failingSince,
    });

    const enabled = await repository.update(webhook.villageId, webhook.id, { enabled: true });
    expect(enabled).toMatchObject({ enabled: true, disabledAt: null, failingSince: null });
  });

  it('keeps a village to its webhook limit', async () => {
    const villageId = randomUUID();
    await repository.create(
      {
        villageId,
        url: 'https://a.example.com/',
        events: ['*'],
        secret: 'plain:x',
        createdBy: randomUUID(),
        data: undefined,
      },
      1,
    );
    await expect(
      repository.create(
        {
          villageId,
          url: 'https://b.example.com/',
          events: ['*'],
          secret: 'plain:x',
          createdBy: randomUUID(),
          data: undefined,
        },
        1,
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('forgets finished deliveries past the retention, never ones still to send', async () => {
    const webhook = await newWebhook();
    await enqueue([webhook.id]);
    await enqueue([webhook.id]);
    const claimed = (await repository.claim(100, 60_000)).filter(
      (delivery) => delivery.webhookId === webhook.id,
    );
    await repository.markSucceeded(claimed[0], 200, 1);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await repository.purge(future, 1000)).toBeGreaterThanOrEqual(1);
    const left = await repository.listDeliveries(webhook.id, undefined, 10);
    expect(left.map((row) => row.id)).toEqual([claimed[1].id]);
  });
});
