import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@vv/contracts';
import { Metrics, OnEvents, type SqlCaller } from '@vv/platform';
import type { Counter } from 'prom-client';
import type { ReplicaBootstrap } from '../bootstrap/replica-bootstrap';
import { REPLICA_EVENTS, replicaChanges } from './replica-changes';
import { ReplicaRepository } from './replica.repository';

/** The membership replica's bootstrap (a ReplicaBootstrap), the hook of its consumer. */
export const MEMBERSHIP_REPLICA_BOOTSTRAP = Symbol('vv:membership-replica-bootstrap');

/**
 * Keeps the service's replica current from identity's stream: the durable consumer
 * `<service>-membership-replica` applies village.*, membership.* and `app/roles` metadata events
 * (REPLICA_EVENTS), each event's changes committed with its inbox row. The platform starts it when
 * the app has booted and stops it before it shuts down, so it never outlives the pool. The replica
 * never depends on the stream's retention: when it never completed a bootstrap, is told to rebuild
 * (REPLICA_REBUILD) or the stream dropped events the consumer never got, its hook loads identity's
 * `membership.snapshot` (ReplicaBootstrap) while the consumer carries on from the snapshot's position.
 */
@Injectable()
export class MembershipReplicaConsumer {
  private readonly changes: Counter<'kind' | 'outcome'>;

  constructor(
    private readonly repository: ReplicaRepository,
    @Inject(MEMBERSHIP_REPLICA_BOOTSTRAP) private readonly bootstrap: ReplicaBootstrap,
    metrics: Metrics,
  ) {
    this.changes = metrics.counter(
      'vv_access_replica_changes_total',
      'Replica changes from identity events: applied, or ignored as older than the row',
      ['kind', 'outcome'],
    );
  }

  /** Resolves once a bootstrap begun at start is done (at once when none was needed). */
  async bootstrapped(): Promise<void> {
    await this.bootstrap.settled();
  }

  /** Applies one event's changes in the consumer's transaction (the one recording it in the inbox). */
  @OnEvents(REPLICA_EVENTS, { durable: 'membership-replica', hook: MEMBERSHIP_REPLICA_BOOTSTRAP })
  async apply(event: EventEnvelope, tx: SqlCaller): Promise<void> {
    for (const change of replicaChanges(event)) {
      const applied = await this.repository.apply(tx, change);
      this.changes.inc({ kind: change.kind, outcome: applied ? 'applied' : 'stale' });
    }
  }
}
