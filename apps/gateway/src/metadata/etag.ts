import { z } from 'zod';

/** A document version as a strong entity tag: `"3"`. */
export const etagOf = (version: number): string => `"${version}"`;

/** `If-Match: "<version>"` → the version; anything else (a list, `*`, a weak tag) is refused. */
export const ifMatchHeader = z
  .string()
  .trim()
  .regex(/^"[1-9][0-9]{0,9}"$/, 'a version as an entity tag, e.g. "3"')
  .transform((value) => Number(value.slice(1, -1)))
  .pipe(z.number().int().positive().max(2_147_483_647));
