import { AckPolicy } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { eventually, metricValue } from '@vv/testing';
import { ConsumerHarness } from '../../test/consumer-harness';
import { Metrics } from '../ops/metrics';
import { EventConsumer } from './event-consumer';

describe('EventConsumer', () => {
  let harness: ConsumerHarness;

  beforeAll(async () => {
    harness = await ConsumerHarness.start();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('applies a redelivered event only once', async () => {
    const metrics = new Metrics('notifications');
    await harness.startConsumer('twice', { metrics, handler: harness.recordEffect });
    const event = harness.envelope('twice.happened');
    // Two messages for one event (different Nats-Msg-Id, so JetStream keeps both): a redelivery.
    await harness.publish('twice.happened', event);
    await harness.publish('twice.happened', event);

    await eventually(async () =>
      expect(await metricValue(metrics, 'vv_consumer_handled_total', { outcome: 'duplicate' })).toBe(1),
    );
    expect(await metricValue(metrics, 'vv_consumer_handled_total', { outcome: 'ok' })).toBe(1);
    expect(await harness.effects(event.id)).toBe(1);
    await eventually(async () => expect((await harness.consumerInfo('twice')).num_ack_pending).toBe(0));
  });

  it('applies the effect once when the handler fails once and then succeeds', async () => {
    let attempts = 0;
    await harness.startConsumer('flaky', {
      maxDeliver: 3,
      backoffMs: [50, 50],
      handler: async (event, tx) => {
        attempts++;
        await harness.recordEffect(event, tx);
        if (attempts === 1) throw new Error('transient');
      },
    });
    const event = harness.envelope('flaky.happened');
    await harness.publish('flaky.happened', event);

    await eventually(async () => expect(await harness.effects(event.id)).toBe(1));
    await eventually(async () => expect((await harness.consumerInfo('flaky')).num_ack_pending).toBe(0));
    expect(attempts).toBe(2);
    expect(await harness.effects(event.id)).toBe(1);
  });

  it('lets stop() wait for the event being handled', async () => {
    let entered!: () => void;
    const handling = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const consumer = await harness.startConsumer('slow', {
      handler: async (event, tx) => {
        entered();
        await gate;
        await harness.recordEffect(event, tx);
      },
    });
    const event = harness.envelope('slow.happened');
    await harness.publish('slow.happened', event);
    await handling;

    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    // A barrier instead of a pause: a round trip to NATS and one to PostgreSQL, time for a stop that did
    // not wait to have resolved.
    await harness.consumerInfo('slow');
    await harness.effects(event.id);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await harness.effects(event.id)).toBe(1);
    await eventually(async () => expect((await harness.consumerInfo('slow')).num_ack_pending).toBe(0));
  });

  it('samples its pending count (lag) from the durable consumer', async () => {
    const metrics = new Metrics('notifications');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await harness.startConsumer('lagging', {
      metrics,
      batchSize: 1,
      pendingSampleMs: 50,
      handler: async (event, tx) => {
        await gate;
        await harness.recordEffect(event, tx);
      },
    });
    const events = Array.from({ length: 3 }, () => harness.envelope('lagging.happened'));
    for (const event of events) await harness.publish('lagging.happened', event);

    // Held back by the handler: delivered but not acked, or not yet delivered.
    await eventually(async () => {
      const pending = await metricValue(metrics, 'vv_consumer_pending', {
        consumer: 'notifications-lagging',
      });
      const acks = await metricValue(metrics, 'vv_consumer_ack_pending', {
        consumer: 'notifications-lagging',
      });
      expect(pending + acks).toBe(3);
    });
    release();
    await eventually(async () => {
      expect(await metricValue(metrics, 'vv_consumer_pending', { consumer: 'notifications-lagging' })).toBe(
        0,
      );
      expect(
        await metricValue(metrics, 'vv_consumer_ack_pending', { consumer: 'notifications-lagging' }),
      ).toBe(0);
    });
    for (const event of events) expect(await harness.effects(event.id)).toBe(1);
  });

  it('drops the backoff of a durable consumer made by an earlier version (one retry mechanism)', async () => {
    const stream = await harness.ensureStream('identity');
    await harness.jsm.consumers.add(stream, {
      durable_name: 'notifications-upgraded',
      ack_policy: AckPolicy.Explicit,
      max_deliver: 5,
      ack_wait: nanos(5000),
      backoff: [5000, 30_000, 120_000, 600_000].map((ms) => nanos(ms)),
      filter_subject: harness.subjectOf('upgraded.happened'),
    });
    await harness.startConsumer('upgraded', { ackWaitMs: 7000, handler: harness.recordEffect });

    const { config } = await harness.consumerInfo('upgraded');
    expect(config.backoff).toBeUndefined();
    expect(config.ack_wait).toBe(nanos(7000));
    expect(config.max_ack_pending).toBe(1000);
  });

  it('refuses a consumer name that is not <service>-<purpose>, and more backoff steps than redeliveries', async () => {
    const base = {
      nc: harness.nc,
      db: harness.db,
      schema: 'notifications',
      service: 'notifications' as const,
      prefix: harness.prefix,
      stream: await harness.ensureStream('identity'),
      logger: harness.logger,
      metrics: new Metrics('n'),
    };
    const handler = (): Promise<void> => Promise.resolve();
    expect(() => new EventConsumer({ ...base, name: 'members', handler })).toThrow(/<service>-<purpose>/);
    expect(
      () =>
        new EventConsumer({ ...base, name: 'notifications-x', maxDeliver: 2, backoffMs: [10, 20], handler }),
    ).toThrow(/maxDeliver/);
  });
});
