import { eventually, metricValue } from '@vv/testing';
import { ConsumerHarness } from '../../test/consumer-harness';
import { Metrics } from '../ops/metrics';
import type { EventConsumer } from './event-consumer';

/** Events are applied in batches: one transaction, an inbox row per event, in stream order. */
describe('EventConsumer batches', () => {
  let harness: ConsumerHarness;

  beforeAll(async () => {
    harness = await ConsumerHarness.start();
  });

  afterAll(async () => {
    await harness.close();
  });

  /** Publishes `count` events while no consumer reads them, so the next start finds them all waiting. */
  const backlog = async (purpose: string, count: number, start: () => Promise<EventConsumer>) => {
    const first = await start();
    await first.stop();
    const events = Array.from({ length: count }, () => harness.envelope(`${purpose}.happened`));
    for (const event of events) await harness.publish(`${purpose}.happened`, event);
    return events;
  };

  it('applies a backlog in batches, in stream order', async () => {
    const metrics = new Metrics('notifications');
    const consumer = 'notifications-batched';
    const start = () =>
      harness.startConsumer('batched', { metrics, batchSize: 50, handler: harness.recordEffect });
    const events = await backlog('batched', 120, start);
    await start();

    await eventually(async () =>
      expect(await metricValue(metrics, 'vv_consumer_handled_total', { consumer, outcome: 'ok' })).toBe(120),
    );
    expect(await harness.appliedOrder('identity.batched.')).toEqual(events.map((event) => event.id));
    const batches = await metricValue(metrics, 'vv_consumer_batches_total', {
      consumer,
      outcome: 'committed',
    });
    expect(batches).toBeGreaterThanOrEqual(3);
    expect(batches).toBeLessThan(120);
  });

  it('applies the rest of a batch whose one event fails, each once, in order', async () => {
    const metrics = new Metrics('notifications');
    const consumer = 'notifications-mixed';
    let bad = '';
    const start = () =>
      harness.startConsumer('mixed', {
        metrics,
        batchSize: 10,
        maxDeliver: 2,
        backoffMs: [50],
        handler: async (event, tx) => {
          await harness.recordEffect(event, tx);
          if (event.id === bad) throw new Error('this one cannot be applied');
        },
      });
    const events = await backlog('mixed', 5, start);
    bad = events[2].id;
    await start();

    await eventually(async () => expect(await harness.deadLetters('mixed')).toHaveLength(1));
    const good = events.filter((event) => event.id !== bad).map((event) => event.id);
    expect(await harness.appliedOrder('identity.mixed.')).toEqual(good);
    expect(await harness.effects(bad)).toBe(0);
    expect(await metricValue(metrics, 'vv_consumer_batches_total', { consumer, outcome: 'fallback' })).toBe(
      1,
    );
    expect(await metricValue(metrics, 'vv_consumer_handled_total', { consumer, outcome: 'ok' })).toBe(4);
    await eventually(async () => expect((await harness.consumerInfo('mixed')).num_ack_pending).toBe(0));
  });

  it('hands a batch handler the events claimed now, in order, and falls back to the event handler when it fails', async () => {
    const metrics = new Metrics('notifications');
    const consumer = 'notifications-set-based';
    const batches: string[][] = [];
    let failBatch = false;
    const start = () =>
      harness.startConsumer('set-based', {
        metrics,
        batchSize: 10,
        handler: harness.recordEffect,
        batchHandler: async (events, tx) => {
          batches.push(events.map((event) => event.id));
          for (const event of events) await harness.recordEffect(event, tx);
          if (failBatch) throw new Error('this batch cannot be applied at once');
        },
      });
    const events = await backlog('set-based', 4, start);
    // The first event again (another Nats-Msg-Id): a redelivery inside the batch.
    await harness.publish('set-based.happened', events[0]);
    const running = await start();

    await eventually(async () =>
      expect(await metricValue(metrics, 'vv_consumer_handled_total', { consumer, outcome: 'ok' })).toBe(4),
    );
    // However the deliveries were cut into batches: each event reached the batch handler at most once.
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(new Set(batches.flat()).size).toBe(batches.flat().length);
    expect(await metricValue(metrics, 'vv_consumer_handled_total', { consumer, outcome: 'duplicate' })).toBe(
      1,
    );
    expect(await harness.appliedOrder('identity.set-based.')).toEqual(events.map((event) => event.id));

    failBatch = true;
    const more = [harness.envelope('set-based.happened'), harness.envelope('set-based.happened')];
    await running.stop();
    for (const event of more) await harness.publish('set-based.happened', event);
    await start();
    await eventually(async () =>
      expect(await metricValue(metrics, 'vv_consumer_handled_total', { consumer, outcome: 'ok' })).toBe(6),
    );
    expect(await metricValue(metrics, 'vv_consumer_batches_total', { consumer, outcome: 'fallback' })).toBe(
      1,
    );
    expect(await harness.appliedOrder('identity.set-based.')).toEqual(
      [...events, ...more].map((event) => event.id),
    );
  });
});
