import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { serviceEventWildcard, serviceStreamName, type EventEnvelope } from '@vv/contracts';
import {
  ensureServiceStream,
  EventConsumer,
  type Database,
  type Logger,
  type Metrics,
  type NatsConnection,
  type NatsClientProxy,
  type SqlCaller,
} from '@vv/platform';
import type { Counter } from 'prom-client';
import { ReplicaBootstrap } from '../bootstrap/replica-bootstrap';
import { replicaConsumerName, type AccessOptions } from './access-options';
import { membershipSnapshotSource } from './membership-snapshot.source';
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
  /** Asks identity for its snapshot when the replica is bootstrapped. */
  rpc: NatsClientProxy;
  /** REPLICA_REBUILD: `all` or `membership` rebuilds the replica from identity's snapshot at start. */
  rebuild?: readonly string[];
}

/**
 * Keeps the service's replica current from identity's stream: a durable consumer
 * `<service>-membership-replica` over `<prefix>.evt.identity.>` (one filter, as nats-server 2.9
 * allows) that applies village.*, membership.* and `app/roles` metadata events and ignores the rest.
 * Each event's changes commit with its inbox row. Started when the app has booted and stopped
 * before it shuts down, so it never outlives the pool. The replica never depends on the stream's
 * retention: when it never completed a bootstrap, is told to rebuild (REPLICA_REBUILD) or the stream
 * dropped events the consumer never got, it loads identity's `membership.snapshot` (ReplicaBootstrap)
 * while the consumer carries on from the snapshot's position.
 */
export class MembershipReplicaConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: EventConsumer;
  private bootstrap?: ReplicaBootstrap;
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
    const { nc, db, rpc, prefix, logger, metrics, options, repository } = this.deps;
    // Identity's stream, created with identity's settings if identity has not started yet.
    await ensureServiceStream(nc, prefix, 'identity');
    const schema = options.schema ?? options.service;
    const bootstrap = new ReplicaBootstrap(
      { nc, db, rpc, prefix, schema, logger, metrics, rebuild: this.deps.rebuild ?? [] },
      membershipSnapshotSource(options.service, prefix, repository),
    );
    const consumer = new EventConsumer({
      nc,
      db,
      schema,
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
    await bootstrap.around(() => consumer.start());
    this.consumer = consumer;
    this.bootstrap = bootstrap;
  }

  async stop(): Promise<void> {
    const { consumer, bootstrap } = this;
    this.consumer = undefined;
    this.bootstrap = undefined;
    await bootstrap?.stop();
    await consumer?.stop();
  }

  /** Resolves once a bootstrap begun at start is done (at once when none was needed). */
  async bootstrapped(): Promise<void> {
    await this.bootstrap?.settled();
  }

  /** Applies one event's changes in the consumer's transaction (the one recording it in the inbox). */
  async apply(event: EventEnvelope, tx: SqlCaller): Promise<void> {
    for (const change of replicaChanges(event)) {
      const applied = await this.deps.repository.apply(tx, change);
      this.changes.inc({ kind: change.kind, outcome: applied ? 'applied' : 'stale' });
    }
  }
}
