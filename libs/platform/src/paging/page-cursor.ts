import { z } from 'zod';
import { ServiceError } from '../errors/service-error';
import { parseBoundedJson } from '../json/bounded-json';

/** The sort key of a list's last row, e.g. `[createdAt, id]` or `[rank, id]`: strings and numbers only. */
export type PageKey = readonly (string | number)[];

/** An opaque cursor for clients: base64url of the last row's sort key. */
export const encodeCursor = (key: PageKey): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/**
 * The key a cursor carries, checked against the list's key shape (e.g. `z.tuple([timestamp, z.uuid()])`);
 * `invalid` (field `cursor`) when it was not made by `encodeCursor` for this list.
 */
export function decodeCursor<S extends z.ZodType<PageKey>>(
  cursor: string | undefined,
  shape: S,
): z.output<S> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return shape.parse(parseBoundedJson(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw ServiceError.invalid([{ field: 'cursor', reason: 'not a cursor of this list' }]);
  }
}

/** A timestamp as PostgreSQL prints it (microseconds kept: millisecond ISO strings would skip rows). */
export const cursorTimestamp = z
  .string()
  .min(1)
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a timestamp');

/** The usual keyset: `[created_at::text, id]`. */
export const timeIdKey = z.tuple([cursorTimestamp, z.uuid()]);
export type TimeIdKey = z.output<typeof timeIdKey>;

/**
 * A page from `limit + 1` rows fetched by the list's function: the first `limit` rows, and a cursor
 * after the last of them when there was one more.
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
