import { eventually, metricValue, startTcpProxy, type TcpProxy } from '@vv/testing';
import { ConsumerHarness } from '../../test/consumer-harness';
import type { Database } from '../db/database';
import { Metrics } from '../ops/metrics';
import { DEAD_LETTER_HEADERS } from './dead-letter';

/** The three classes of failure: the infrastructure's, the event's own (never valid), the handler's. */
describe('EventConsumer retries', () => {
  let harness: ConsumerHarness;

  beforeAll(async () => {
    harness = await ConsumerHarness.start();
  });

  afterAll(async () => {
    await harness.close();
  });

  describe('while PostgreSQL is unreachable', () => {
    let proxy: TcpProxy;
    let viaProxy: Database;

    beforeAll(async () => {
      const target = new URL(harness.database.url);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      viaProxy = ConsumerHarness.database(proxy.via(harness.database.url), 500);
      await viaProxy.connect();
    });

    afterAll(async () => {
      await viaProxy.close();
      await proxy.close();
    });

    it('retries in place: no redelivery, no delivery spent, no dead letter, and applies the event once it is back', async () => {
      const metrics = new Metrics('notifications');
      const consumer = 'notifications-outage';
      await harness.startConsumer('outage', {
        db: viaProxy,
        metrics,
        maxDeliver: 2,
        backoffMs: [50],
        // Shorter than the outage below: without in-place retries the event would be redelivered.
        ackWaitMs: 500,
        infrastructureRetry: { firstMs: 20, maxMs: 100 },
        handler: harness.recordEffect,
      });
      await proxy.cut();
      const event = harness.envelope('outage.happened');
      await harness.publish('outage.happened', event);

      // Retried for longer than the ack wait (at most 100 ms apart).
      await eventually(async () =>
        expect(
          await metricValue(metrics, 'vv_consumer_infrastructure_retries_total', { consumer }),
        ).toBeGreaterThanOrEqual(15),
      );
      const during = await harness.consumerInfo('outage');
      expect(during.num_ack_pending).toBe(1);
      expect(during.num_redelivered).toBe(0);
      expect(await harness.deadLetters('outage')).toHaveLength(0);

      await proxy.restore();
      await eventually(async () => expect(await harness.effects(event.id)).toBe(1));
      await eventually(async () => expect((await harness.consumerInfo('outage')).num_ack_pending).toBe(0));
      expect(await metricValue(metrics, 'vv_consumer_redeliveries_total', { consumer })).toBe(0);
      expect(await metricValue(metrics, 'vv_consumer_handled_total', { consumer, outcome: 'ok' })).toBe(1);
      expect(await metricValue(metrics, 'vv_consumer_handled_total', { consumer, outcome: 'retry' })).toBe(0);
      expect(await harness.deadLetters('outage')).toHaveLength(0);
    });
  });

  it('dead-letters a well-formed event whose data breaks its contract on its first delivery', async () => {
    const metrics = new Metrics('notifications');
    let calls = 0;
    await harness.startConsumer('contract', {
      metrics,
      maxDeliver: 5,
      handler: async (event, tx) => {
        calls++;
        await harness.recordEffect(event, tx);
      },
    });
    // identity.membership.added v1 is in the catalogue; this data lacks every field it requires.
    const broken = {
      ...harness.envelope('ignored'),
      type: 'identity.membership.added',
      data: { userId: 42 },
    };
    const unknownType = harness.envelope('contract.happened');
    await harness.publish('contract.happened', broken);
    await harness.publish('contract.happened', unknownType);

    const [letter] = await eventually(async () => {
      const letters = await harness.deadLetters('contract');
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(letter.json()).toEqual(broken);
    expect(letter.headers[DEAD_LETTER_HEADERS.deliveries]).toBe('1');
    expect(letter.headers[DEAD_LETTER_HEADERS.error]).toMatch(
      /^event data breaks the contract of identity\.membership\.added v1: .*villageId/,
    );
    expect(
      await metricValue(metrics, 'vv_consumer_dead_letters_total', {
        consumer: 'notifications-contract',
        reason: 'invalid_data',
      }),
    ).toBe(1);
    // A type the catalogue does not know is the handler's to judge (it applies or ignores it).
    await eventually(async () => expect(await harness.effects(unknownType.id)).toBe(1));
    expect(await harness.effects(broken.id)).toBe(0);
    expect(calls).toBe(1);
  });

  it('dead-letters a message that is not an event envelope on its first delivery', async () => {
    let calls = 0;
    await harness.startConsumer('garbled', {
      maxDeliver: 5,
      handler: async () => {
        calls++;
        await Promise.resolve();
      },
    });
    await harness.publish('garbled.happened', 'this is not json');
    await harness.publish('garbled.happened', JSON.stringify({ id: 'not-a-uuid' }));

    const letters = await eventually(async () => {
      const found = await harness.deadLetters('garbled');
      expect(found).toHaveLength(2);
      return found;
    });
    expect(letters.map((letter) => letter.headers[DEAD_LETTER_HEADERS.deliveries])).toEqual(['1', '1']);
    expect(letters[0].headers[DEAD_LETTER_HEADERS.error]).toMatch(/^unparseable event envelope/);
    expect(new TextDecoder().decode(letters[0].data)).toBe('this is not json');
    expect(calls).toBe(0);
  });

  it('spends the delivery budget on handler errors: redelivered, then dead-lettered after exactly maxDeliver', async () => {
    const metrics = new Metrics('notifications');
    let attempts = 0;
    await harness.startConsumer('poison', {
      metrics,
      maxDeliver: 3,
      backoffMs: [50, 50],
      handler: async (event, tx) => {
        attempts++;
        await harness.recordEffect(event, tx);
        throw new Error(`cannot handle\nattempt ${attempts}`);
      },
    });
    const event = harness.envelope('poison.happened');
    await harness.publish('poison.happened', event);

    const [letter] = await eventually(async () => {
      const letters = await harness.deadLetters('poison');
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(attempts).toBe(3);
    expect(letter.json()).toEqual(event);
    expect(letter.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.subject]: harness.subjectOf('poison.happened'),
      [DEAD_LETTER_HEADERS.stream]: await harness.ensureStream('identity'),
      [DEAD_LETTER_HEADERS.consumer]: 'notifications-poison',
      [DEAD_LETTER_HEADERS.deliveries]: '3',
      [DEAD_LETTER_HEADERS.error]: 'cannot handle attempt 3',
    });
    const consumer = 'notifications-poison';
    expect(
      await metricValue(metrics, 'vv_consumer_dead_letters_total', { consumer, reason: 'handler_error' }),
    ).toBe(1);
    expect(await metricValue(metrics, 'vv_consumer_handled_total', { outcome: 'retry' })).toBe(2);
    expect(await metricValue(metrics, 'vv_consumer_redeliveries_total', { consumer })).toBe(2);
    // Each failed attempt rolled back its effect; the message is settled, not waiting for a redelivery.
    expect(await harness.effects(event.id)).toBe(0);
    const info = await harness.consumerInfo('poison');
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
    expect(attempts).toBe(3);
  });
});
