import type { CommandDefinition, ServiceName, snapshotRequest } from '@vv/contracts';
import type { SqlCaller } from '@vv/platform';
import type { z } from 'zod';

/** A paged snapshot command at the replica's owner (libs/contracts `snapshotRequest` → `snapshotPage`). */
export type SnapshotCommand<Item> = CommandDefinition<
  typeof snapshotRequest,
  z.ZodType<{ items: Item[]; nextCursor: string | null }>
>;

/** The durable consumer that keeps a replica current from its owner's stream after the snapshot. */
export interface ReplicaConsumer {
  producer: ServiceName;
  /** Durable name, `<service>-<purpose>`. */
  name: string;
  /** Its one subject filter; the producer's whole stream when absent. */
  filterSubject?: string;
}

/**
 * A replica a service keeps from another service's events, and how to rebuild it from that
 * service's snapshot. `store` and `sweep` run in the bootstrap's transactions.
 */
export interface ReplicaSource<Item> {
  /** Names the replica: its bootstrap row, REPLICA_REBUILD, logs and metrics. */
  name: string;
  command: SnapshotCommand<Item>;
  consumer: ReplicaConsumer;
  /** Stores one page, marking each row it names with `syncedAt`; a newer version already kept stays. */
  store(tx: SqlCaller, items: Item[], syncedAt: string): Promise<void>;
  /** After the last page: rows no page named and nothing changed since `syncedAt` are gone at the owner. */
  sweep(tx: SqlCaller, syncedAt: string): Promise<number>;
}
