import type { SqlCaller } from '@vv/platform';

export interface BootstrapState {
  startedAt: string | null;
  completedAt: string | null;
  leasedUntil: string | null;
}

/** The replica bootstrap rows of a schema (libs/access/sql/0002_replica_bootstrap.sql). */
export class BootstrapRepository {
  constructor(private readonly schema: string) {}

  state(db: SqlCaller, replica: string): Promise<BootstrapState | undefined> {
    return db.maybeOne<BootstrapState>(`${this.schema}.get_replica_bootstrap`, { replica });
  }

  /** The new run's start, or null while another process holds the lease. */
  async begin(db: SqlCaller, replica: string, leaseMs: number): Promise<string | null> {
    const row = await db.one<{ beginReplicaBootstrap: string | null }>(
      `${this.schema}.begin_replica_bootstrap`,
      {
        replica,
        leaseMs,
      },
    );
    return row.beginReplicaBootstrap;
  }

  async renew(tx: SqlCaller, replica: string, startedAt: string, leaseMs: number): Promise<boolean> {
    const row = await tx.one<{ renewReplicaBootstrap: boolean }>(`${this.schema}.renew_replica_bootstrap`, {
      replica,
      startedAt,
      leaseMs,
    });
    return row.renewReplicaBootstrap;
  }

  async complete(tx: SqlCaller, replica: string, startedAt: string): Promise<boolean> {
    const row = await tx.one<{ completeReplicaBootstrap: boolean }>(
      `${this.schema}.complete_replica_bootstrap`,
      {
        replica,
        startedAt,
      },
    );
    return row.completeReplicaBootstrap;
  }
}
