import type { CommandDefinition, snapshotRequest } from '@vv/contracts';
import type { SqlCaller } from '@vv/platform';
import type { z } from 'zod';

/** A paged snapshot command at the replica's owner (libs/contracts `snapshotRequest` → `snapshotPage`). */
export type SnapshotCommand<Item> = CommandDefinition<
  typeof snapshotRequest,
  z.ZodType<{ items: Item[]; nextCursor: string | null }>
>;

/**
 * A replica a service keeps from another service's events, and how to rebuild it from that
 * service's snapshot. `store` and `sweep` run in the bootstrap's transactions. The durable consumer
 * that keeps it current is the one whose hook the bootstrap is (`@OnEvent(…, { hook })`).
 */
export interface ReplicaSource<Item> {
  /** Names the replica: its bootstrap row, REPLICA_REBUILD, logs and metrics. */
  name: string;
  command: SnapshotCommand<Item>;
  /** Stores one page, marking each row it names with `syncedAt`; a newer version already kept stays. */
  store(tx: SqlCaller, items: Item[], syncedAt: string): Promise<void>;
  /** After the last page: rows no page named and nothing changed since `syncedAt` are gone at the owner. */
  sweep(tx: SqlCaller, syncedAt: string): Promise<number>;
}
