import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { serviceEventWildcard, serviceStreamName, type EventEnvelope } from '@vv/contracts';
import {
  ensureServiceStream,
  EventConsumer,
  type Database,
  type Logger,
  type Metrics,
  type NatsConnection,
  type SqlCaller,
} from '@vv/platform';
import type { Counter } from 'prom-client';
import { replicaConsumerName, type AccessOptions } from './access-options';
import { replicaChanges } from './replica-changes';
import type { ReplicaRepository } from './replica.repository';

export interface MembershipReplicaConsumerDeps {
  nc: NatsConnection;
  db: Database;
  prefix: string;
  repository: ReplicaRepository;
  logger: Logger;
  metrics: Metrics;
  options: AccessOptions;
}

/**
 * Keeps the service's replica current from identity's stream: a durable consumer
 * `<service>-membership-replica` over `<prefix>.evt.identity.>` (one filter, as nats-server 2.9
 * allows) that applies village.*, membership.* and `app/roles` metadata events and ignores the rest.
 * Each event's changes commit with its inbox row. Started when the app has booted and stopped
 * before it shuts down, so it never outlives the pool.
 */
export class MembershipReplicaConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: EventConsumer;
  private readonly changes: Counter<'kind' | 'outcome'>;

  constructor(private readonly deps: MembershipReplicaConsumerDeps) {
    this.changes = deps.metrics.counter(
      'vv_access_replica_changes_total',
      'Replica changes from identity events: applied, or ignored as older than the row',
      ['kind', 'outcome'],
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.deps.options.consume !== false) await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    const { nc, db, prefix, logger, metrics, options } = this.deps;
    // Identity's stream, created with identity's settings if identity has not started yet.
    await ensureServiceStream(nc, prefix, 'identity');
    const consumer = new EventConsumer({
      nc,
      db,
      schema: options.schema ?? options.service,
      service: options.service,
      prefix,
      name: replicaConsumerName(options.service),
      stream: serviceStreamName(prefix, 'identity'),
      filterSubject: serviceEventWildcard(prefix, 'identity'),
      handler: (event, tx) => this.apply(event, tx),
      maxDeliver: options.maxDeliver,
      backoffMs: options.backoffMs,
      logger,
      metrics,
    });
    await consumer.start();
    this.consumer = consumer;
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
  }

  /** Applies one event's changes in the consumer's transaction (the one recording it in the inbox). */
  async apply(event: EventEnvelope, tx: SqlCaller): Promise<void> {
    for (const change of replicaChanges(event)) {
      const applied = await this.deps.repository.apply(tx, change);
      this.changes.inc({ kind: change.kind, outcome: applied ? 'applied' : 'stale' });
    }
  }
}
