import { eventually, metricValue } from '@vv/testing';
import { ConsumerHarness } from '../../test/consumer-harness';
import { ensureServiceStream } from '../outbox/event-stream';
import { Metrics } from '../ops/metrics';

/** A consumer whose message iterator ends, or whose durable consumer is gone, starts over by itself. */
describe('EventConsumer self-healing', () => {
  let harness: ConsumerHarness;

  beforeAll(async () => {
    harness = await ConsumerHarness.start();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('recreates its durable consumer when it is deleted under it, and applies the events published after', async () => {
    const metrics = new Metrics('notifications');
    const consumer = 'notifications-deleted';
    const stream = await harness.ensureStream('identity');
    await harness.startConsumer('deleted', {
      metrics,
      infrastructureRetry: { firstMs: 20, maxMs: 100 },
      handler: harness.recordEffect,
    });
    const before = harness.envelope('deleted.happened');
    await harness.publish('deleted.happened', before);
    await eventually(async () => expect(await harness.effects(before.id)).toBe(1));

    await harness.jsm.consumers.delete(stream, consumer);
    await eventually(async () =>
      expect(await metricValue(metrics, 'vv_consumer_restarts_total', { consumer })).toBeGreaterThanOrEqual(
        1,
      ),
    );
    const after = harness.envelope('deleted.happened');
    await harness.publish('deleted.happened', after);

    await eventually(async () => expect(await harness.effects(after.id)).toBe(1));
    // The new durable starts at the stream's beginning: the inbox turns the replay into no-ops.
    await eventually(async () => expect((await harness.consumerInfo('deleted')).num_ack_pending).toBe(0));
    expect(await harness.effects(before.id)).toBe(1);
    expect(await metricValue(metrics, 'vv_consumer_handled_total', { consumer, outcome: 'duplicate' })).toBe(
      1,
    );
  });

  it('recovers when its stream is deleted and created again', async () => {
    const metrics = new Metrics('notifications');
    const consumer = 'notifications-restreamed';
    const stream = await harness.ensureStream('calendar');
    await harness.startConsumer('restreamed', {
      metrics,
      stream,
      filterSubject: harness.subjectOf('restreamed.happened', 'calendar'),
      infrastructureRetry: { firstMs: 20, maxMs: 100 },
      handler: harness.recordEffect,
    });
    const before = harness.envelope('restreamed.happened');
    await harness.publish('restreamed.happened', before, { producer: 'calendar' });
    await eventually(async () => expect(await harness.effects(before.id)).toBe(1));

    await harness.jsm.streams.delete(stream);
    await eventually(async () =>
      expect(await metricValue(metrics, 'vv_consumer_restarts_total', { consumer })).toBeGreaterThanOrEqual(
        1,
      ),
    );
    await ensureServiceStream(harness.nc, harness.prefix, 'calendar');
    const after = harness.envelope('restreamed.happened');
    await harness.publish('restreamed.happened', after, { producer: 'calendar' });

    await eventually(async () => expect(await harness.effects(after.id)).toBe(1));
    await eventually(async () =>
      expect((await harness.consumerInfo('restreamed', stream)).num_ack_pending).toBe(0),
    );
    expect(await harness.effects(before.id)).toBe(1);
  });
});
