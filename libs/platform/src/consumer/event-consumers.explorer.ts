import {
  Inject,
  Injectable,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import type { ServiceName } from '@vv/contracts';
import { CONFIG, LOGGER, NATS, SERVICE } from '../bootstrap/platform.tokens';
import type { BaseConfig } from '../config/config';
import { Database } from '../db/database';
import type { Logger } from '../logging/logger';
import type { NatsConnection } from '../nats/nats-connection';
import { Metrics } from '../ops/metrics';
import { ensureServiceStream } from '../outbox/event-stream';
import { planDurables, type BoundMethod, type DurablePlan } from './durable-plan';
import { EventConsumer } from './event-consumer';
import { eventBindingsOf, type DurableHook, type DurableSwitch } from './on-event.decorator';

interface Running {
  plan: DurablePlan;
  consumer: EventConsumer;
  hook?: DurableHook;
}

/**
 * Runs the durable consumers declared with `@OnEvent` / `@OnEvents` on the app's providers: at
 * bootstrap it groups the decorated methods by durable and starts one EventConsumer each (inbox,
 * retries, dead letters, batches, metrics), its hook (`prepare`) before and (`start`) after; before
 * shutdown it stops the hooks, then drains the consumers (the batch in hand is finished).
 */
@Injectable()
export class EventConsumersExplorer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running: Running[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
    @Inject(SERVICE) private readonly service: ServiceName,
    @Inject(CONFIG) private readonly config: BaseConfig,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: Metrics,
    @Optional() private readonly db?: Database,
  ) {}

  /** The durables found (their names, streams and filters), in start order. */
  durables(): DurablePlan[] {
    return this.running.map((run) => run.plan);
  }

  async onApplicationBootstrap(): Promise<void> {
    const plans = planDurables(this.service, this.config.SUBJECT_PREFIX, this.boundMethods());
    if (plans.length > 0 && !this.db) throw new Error(`${this.service} consumes events but owns no schema`);
    for (const plan of plans) {
      if (this.switchedOff(plan)) continue;
      this.running.push(await this.start(plan));
    }
  }

  /** A durable whose `enabledBy` provider says it is not needed here (logged once at start). */
  private switchedOff(plan: DurablePlan): boolean {
    const token = plan.settings.enabledBy;
    if (!token || this.moduleRef.get<DurableSwitch>(token, { strict: false }).enabled) return false;
    this.logger.info({ consumer: plan.name }, 'event consumer not started: switched off here');
    return true;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const running = this.running;
    this.running = [];
    await Promise.all(running.map((run) => run.hook?.stop() ?? Promise.resolve()));
    await Promise.all(running.map((run) => run.consumer.stop()));
  }

  private boundMethods(): BoundMethod[] {
    const methods: BoundMethod[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      for (const binding of eventBindingsOf(instance)) methods.push({ instance, binding });
    }
    return methods;
  }

  private async start(plan: DurablePlan): Promise<Running> {
    const { settings } = plan;
    const prefix = this.config.SUBJECT_PREFIX;
    await ensureServiceStream(this.nc, prefix, plan.producer);
    const hook = settings.hook
      ? this.moduleRef.get<DurableHook>(settings.hook, { strict: false })
      : undefined;
    await hook?.prepare(plan);
    const consumer = new EventConsumer({
      nc: this.nc,
      db: this.db as Database,
      schema: this.service,
      service: this.service,
      prefix,
      name: plan.name,
      stream: plan.stream,
      filterSubject: plan.filterSubject,
      handler: plan.handler,
      batchHandler: plan.batchHandler,
      maxDeliver: settings.maxDeliver,
      backoffMs: settings.backoffMs,
      ackWaitMs: settings.ackWaitMs,
      batchSize: settings.batchSize,
      infrastructureRetry: settings.infrastructureRetry,
      inbox: settings.inbox,
      logger: this.logger,
      metrics: this.metrics,
    });
    await consumer.start();
    hook?.start();
    this.logger.debug({ consumer: plan.name, filter: plan.filterSubject }, 'event consumer started');
    return { plan, consumer, hook };
  }
}
