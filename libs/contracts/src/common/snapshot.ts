import { z } from 'zod';
import { isoTimestamp, page } from './schemas';

/** Most items one page of a replica snapshot carries. */
export const SNAPSHOT_LIMIT_MAX = 1000;

/**
 * A page of an internal replica snapshot (a service rebuilding what it keeps of the owner's
 * events): keyset `cursor` from the previous page's `nextCursor` (null: from the start).
 */
export const snapshotRequest = z.strictObject({
  cursor: z.string().max(512).nullable(),
  limit: z.number().int().min(1).max(SNAPSHOT_LIMIT_MAX),
});

/** Its answer: the items, and the cursor of the next page (null after the last). */
export const snapshotPage = page;

/**
 * When the row an item comes from last changed, in milliseconds as event envelopes carry
 * `occurredAt`. The event of a change the page does not reflect is never earlier, so a replica
 * applies it over the item; an event the page does reflect may come again harmlessly.
 */
export const snapshotVersion = isoTimestamp;
