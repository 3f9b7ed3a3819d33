import { z } from 'zod';

const utf8 = new TextEncoder();

/** Bytes of JSON an app may keep in a resource's `data` field. */
export const DATA_MAX_BYTES = 64 * 1024;

export const uuid = z.uuid();
export const isoTimestamp = z.iso.datetime({ offset: true });

export const email = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** The app's own extension field: any JSON object up to 64 KiB, stored and returned untouched. */
export const dataField = z
  .record(z.string(), z.unknown())
  .refine((value) => utf8.encode(JSON.stringify(value)).length <= DATA_MAX_BYTES, {
    message: `must be at most ${DATA_MAX_BYTES} bytes of JSON`,
  });

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;

/** `?limit=&cursor=` of every list. The cursor is opaque to clients. */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT),
  cursor: z.string().max(512).optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const empty = z.strictObject({});

/** Any JSON value (recursive), e.g. a metadata document's value. */
export const jsonValue = z.json();
