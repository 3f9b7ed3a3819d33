import { ServiceError } from '@vv/platform';
import { z } from 'zod';

/** The last row of a page: its sort timestamp (full precision, as PostgreSQL prints it) and id. */
export interface PageKey {
  at: string;
  id: string;
}

const cursorSchema = z.tuple([z.string().min(1).max(64), z.uuid()]);

/** An opaque cursor for clients: base64url of the last row's `[at, id]`. */
export const encodeCursor = (key: PageKey): string =>
  Buffer.from(JSON.stringify([key.at, key.id]), 'utf8').toString('base64url');

/** The key a cursor carries; `invalid` (field `cursor`) when it was not made by `encodeCursor`. */
export function decodeCursor(cursor: string | undefined): PageKey | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (Number.isNaN(Date.parse(at))) throw new Error('not a timestamp');
    return { at, id };
  } catch {
    throw ServiceError.invalid([{ field: 'cursor', reason: 'not a cursor of this list' }]);
  }
}

/**
 * A page from `limit + 1` rows: the first `limit` rows, and a cursor after the last of them
 * when there was one more.
 */
export function pageOf<Row, Item>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => PageKey,
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
