import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { jetstreamManager } from '@nats-io/jetstream';
import { defineEvent, serviceStreamName, type EventEnvelope } from '@vv/contracts';
import { eventually, metricValue } from '@vv/testing';
import { z } from 'zod';
import { ConsumerHarness } from '../../test/consumer-harness';
import { CONFIG, LOGGER, NATS, SERVICE } from '../bootstrap/platform.tokens';
import { Database, type SqlCaller } from '../db/database';
import { Metrics } from '../ops/metrics';
import { DEAD_LETTER_HEADERS } from './dead-letter';
import { EventConsumersExplorer } from './event-consumers.explorer';
import { EventConsumersModule } from './event-consumers.module';
import { OnEvent, OnEvents } from './on-event.decorator';

const event = (name: string) =>
  defineEvent({
    service: 'identity',
    name,
    version: 1,
    summary: name,
    data: z.object({ n: z.coerce.number() }),
  });
const alpha = event('decl.alpha');
const beta = event('decl.beta');
const failing = event('failing.happened');
const bulk = event('bulk.happened');
const cached = event('cached.changed');

/** Two types on one durable (`notifications-decl`), one method each; `decl.other` has none. */
@Injectable()
class TwoTypes {
  @OnEvent(alpha, { durable: 'decl' })
  async onAlpha(e: EventEnvelope<{ n: number }>, tx: SqlCaller): Promise<void> {
    // The data is parsed by the contract: "7" arrives as 7.
    await tx.call('notifications.record_effect', { eventId: e.id, note: `alpha:${e.data.n + 1}` });
  }

  @OnEvent(beta, { durable: 'decl' })
  async onBeta(e: EventEnvelope<{ n: number }>, tx: SqlCaller): Promise<void> {
    await tx.call('notifications.record_effect', { eventId: e.id, note: `beta:${e.data.n}` });
  }
}

@Injectable()
class Failing {
  calls = 0;

  @OnEvent(failing, { durable: 'failing', maxDeliver: 3, backoffMs: [50, 50] })
  onFailing(): Promise<void> {
    this.calls += 1;
    return Promise.reject(new Error('refused'));
  }
}

@Injectable()
class Batches {
  readonly sizes: number[] = [];

  @OnEvents([bulk], { durable: 'bulk', batch: true })
  async onBulk(events: readonly EventEnvelope[], tx: SqlCaller): Promise<void> {
    this.sizes.push(events.length);
    for (const e of events) await tx.call('notifications.record_effect', { eventId: e.id, note: 'bulk' });
  }
}

/** A durable without an inbox: its effect is outside the database (here: counted in memory). */
@Injectable()
class Forgetful {
  readonly seen: string[] = [];

  @OnEvents([cached], { durable: 'forget', batch: true, inbox: false })
  onChanged(events: readonly EventEnvelope[]): Promise<void> {
    this.seen.push(...events.map((e) => e.id));
    return Promise.resolve();
  }
}

/** A switch that is off, and a durable that only runs where it is on. */
@Injectable()
class Off {
  readonly enabled = false;
}

@Injectable()
class SwitchedOff {
  readonly seen: string[] = [];

  @OnEvents([cached], { durable: 'switched-off', batch: true, inbox: false, enabledBy: Off })
  onChanged(events: readonly EventEnvelope[]): Promise<void> {
    this.seen.push(...events.map((e) => e.id));
    return Promise.resolve();
  }
}

/** Declared consumers as an app runs them: the explorer on the platform's providers, real NATS and PostgreSQL. */
describe('@OnEvent consumers (EventConsumersExplorer)', () => {
  let harness: ConsumerHarness;
  const apps: INestApplicationContext[] = [];

  beforeAll(async () => {
    harness = await ConsumerHarness.start();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await harness.close();
  });

  async function startApp(
    provider: new (...args: never[]) => object,
    metrics = new Metrics('notifications'),
    extra: (new (...args: never[]) => object)[] = [],
  ) {
    const platform = [
      { provide: SERVICE, useValue: 'notifications' },
      { provide: CONFIG, useValue: { SUBJECT_PREFIX: harness.prefix } },
      { provide: NATS, useValue: harness.nc },
      { provide: LOGGER, useValue: harness.logger },
      { provide: Metrics, useValue: metrics },
      { provide: Database, useValue: harness.db },
    ];
    @Module({ imports: [EventConsumersModule], providers: [provider, ...extra] })
    class Domain {}
    @Module({
      imports: [{ module: class Platform {}, global: true, providers: platform, exports: platform }, Domain],
    })
    class Root {}
    const app = await NestFactory.createApplicationContext(Root, { logger: false });
    apps.push(app);
    return app;
  }

  it('runs the methods of one durable on one consumer, filtered to their types, each called with its own', async () => {
    const app = await startApp(TwoTypes);
    const [plan] = app.get(EventConsumersExplorer).durables();
    expect(plan).toMatchObject({
      name: 'notifications-decl',
      filterSubject: `${harness.prefix}.evt.identity.decl.>`,
    });
    expect((await harness.consumerInfo('decl')).config.filter_subject).toBe(
      `${harness.prefix}.evt.identity.decl.>`,
    );

    const a = harness.envelope('decl.alpha', { n: '7' });
    const b = harness.envelope('decl.beta', { n: 2 });
    const o = harness.envelope('decl.other', { n: 3 });
    for (const e of [a, o, b]) await harness.publish(e.type.slice('identity.'.length), e);

    await eventually(async () => expect(await harness.appliedOrder('beta:')).toEqual([b.id]));
    expect(await harness.appliedOrder('alpha:8')).toEqual([a.id]);
    // A type no method takes is recorded in the inbox and left alone.
    expect(await harness.effects(o.id)).toBe(0);
    await eventually(async () => expect((await harness.consumerInfo('decl')).num_ack_pending).toBe(0));
  });

  it('spends the deliveries of a method that throws, then dead-letters the event', async () => {
    const metrics = new Metrics('notifications');
    const app = await startApp(Failing, metrics);
    const e = harness.envelope('failing.happened', { n: 1 });
    await harness.publish('failing.happened', e);

    await eventually(async () => expect(await harness.deadLetters('failing')).toHaveLength(1));
    const [letter] = await harness.deadLetters('failing');
    expect(letter.headers[DEAD_LETTER_HEADERS.deliveries]).toBe('3');
    expect(letter.headers[DEAD_LETTER_HEADERS.error]).toBe('refused');
    expect(app.get(Failing).calls).toBe(3);
    expect(
      await metricValue(metrics, 'vv_consumer_dead_letters_total', { consumer: 'notifications-failing' }),
    ).toBe(1);
  });

  it('hands a batch method the burst that woke it, in stream order, and resumes the durable after a restart', async () => {
    const first = Array.from({ length: 30 }, () => harness.envelope('bulk.happened', { n: 1 }));
    for (const e of first) await harness.publish('bulk.happened', e);
    const app = await startApp(Batches);
    await eventually(async () => expect(await harness.appliedOrder('bulk')).toEqual(first.map((e) => e.id)));
    expect(Math.max(...app.get(Batches).sizes)).toBeGreaterThan(1);

    await app.close();
    apps.splice(apps.indexOf(app), 1);
    const second = Array.from({ length: 5 }, () => harness.envelope('bulk.happened', { n: 2 }));
    for (const e of second) await harness.publish('bulk.happened', e);
    const again = await startApp(Batches);

    // The durable carries on where it was: the new events once, the old ones not again.
    await eventually(async () =>
      expect(await harness.appliedOrder('bulk')).toEqual([...first, ...second].map((e) => e.id)),
    );
    expect(again.get(Batches).sizes.reduce((sum, size) => sum + size, 0)).toBe(5);
  });

  it('applies the events of an inbox: false durable without recording them in the inbox', async () => {
    const events = Array.from({ length: 10 }, () => harness.envelope('cached.changed', { n: 1 }));
    for (const e of events) await harness.publish('cached.changed', e);
    const app = await startApp(Forgetful);
    await eventually(() => expect(app.get(Forgetful).seen).toEqual(events.map((e) => e.id)));
    const recorded = await harness.db.call('notifications.inbox_event_ids', {
      consumer: 'notifications-forget',
    });
    expect(recorded).toEqual([]);
  });

  it('does not create or run a durable whose enabledBy switch is off', async () => {
    await harness.publish('cached.changed', harness.envelope('cached.changed', { n: 1 }));
    const app = await startApp(SwitchedOff, undefined, [Off]);
    expect(app.get(EventConsumersExplorer).durables()).toEqual([]);
    const jsm = await jetstreamManager(harness.nc);
    const names: string[] = [];
    for await (const info of jsm.consumers.list(serviceStreamName(harness.prefix, 'identity'))) {
      names.push(info.name);
    }
    expect(names).not.toContain('notifications-switched-off');
    expect(app.get(SwitchedOff).seen).toEqual([]);
  });
});
