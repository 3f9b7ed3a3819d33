import { randomUUID } from 'node:crypto';
import { eventually, metricValue } from '@vv/testing';
import { ConsumerHarness } from '../../test/consumer-harness';
import { Metrics } from '../ops/metrics';

const DAY_MS = 24 * 3600 * 1000;

/** Inbox rows go once their event can no longer be redelivered: older than the stream keeps events. */
describe('EventConsumer inbox purge', () => {
  let harness: ConsumerHarness;

  beforeAll(async () => {
    harness = await ConsumerHarness.start();
  });

  afterAll(async () => {
    await harness.close();
  });

  const remember = async (consumer: string, ageMs: number): Promise<string> => {
    const eventId = randomUUID();
    await harness.db.call('notifications.record_inbox', {
      consumer,
      eventId,
      processedAt: new Date(Date.now() - ageMs).toISOString(),
    });
    return eventId;
  };

  it("deletes the consumer's inbox rows older than the stream's retention and a day, on a schedule", async () => {
    const metrics = new Metrics('notifications');
    const consumer = 'notifications-purged';
    // identity's stream keeps events 7 days: rows of 9 and 8.5 days go, rows of 7.5 days and now stay.
    const old = [await remember(consumer, 9 * DAY_MS), await remember(consumer, 8.5 * DAY_MS)];
    const recent = [await remember(consumer, 7.5 * DAY_MS), await remember(consumer, 0)];
    const othersOld = await remember('notifications-other', 30 * DAY_MS);

    await harness.startConsumer('purged', {
      metrics,
      inboxPurgeIntervalMs: 50,
      handler: harness.recordEffect,
    });

    await eventually(async () =>
      expect(await metricValue(metrics, 'vv_consumer_inbox_purged_total', { consumer })).toBe(2),
    );
    const kept = await harness.db.call<{ inboxEventIds: string }>('notifications.inbox_event_ids', {
      consumer,
    });
    expect(kept.map((row) => row.inboxEventIds).sort()).toEqual([...recent].sort());
    expect(old.some((id) => kept.some((row) => row.inboxEventIds === id))).toBe(false);
    // Another consumer's rows are its own to purge (its stream may keep events longer).
    const others = await harness.db.call<{ inboxEventIds: string }>('notifications.inbox_event_ids', {
      consumer: 'notifications-other',
    });
    expect(others.map((row) => row.inboxEventIds)).toEqual([othersOld]);
  });
});
