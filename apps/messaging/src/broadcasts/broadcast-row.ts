import type { Broadcast } from '@vv/contracts';

/** A broadcast as messaging's broadcast functions return it (camelCase, ISO timestamps). */
export interface BroadcastRow {
  id: string;
  villageId: string;
  authorId: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  /** `created_at` at full precision: the page cursor's timestamp. */
  sortKey: string;
}

/** A member's broadcast read cursor and how many broadcasts are after it (capped). */
export interface BroadcastUnreadRow {
  readUpToId: string | null;
  unreadCount: number;
}

export const toBroadcast = (row: BroadcastRow): Broadcast => ({
  id: row.id,
  villageId: row.villageId,
  authorId: row.authorId,
  body: row.body,
  data: row.data,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
