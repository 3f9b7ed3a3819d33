import { z } from 'zod';

/** A document version as a strong entity tag: `"3"`. */
export const etagOf = (version: number): string => `"${version}"`;

/** The precondition an If-Match header states: `*` (the document exists) or versions to match. */
export type IfMatch = { ifExists: true } | { ifMatch: number[] };

const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;
const VERSION = /^[1-9][0-9]{0,9}$/;
/** What no document's version is: an entity tag that cannot match one. */
const NEVER = 0;
const MAX_VERSION = 2_147_483_647;

/**
 * `If-Match` (RFC 9110 §13.1.1): `*`, or a list of entity tags compared strongly with the
 * document's `"<version>"`. A weak tag, or one that is not a version (`"abc"`), simply never
 * matches — the write is then 412, as for a stale version. Only a header that is not a list of
 * entity tags at all is refused (400).
 */
export const ifMatchHeader = z
  .string()
  .trim()
  .transform((value, context): IfMatch => {
    if (value === '*') return { ifExists: true };
    const versions: number[] = [];
    // Empty list elements are ignored (RFC 9110 §5.6.1.2); an empty list is not a header.
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    if (items.length === 0) {
      context.addIssue({ code: 'custom', message: 'a list of entity tags such as "3", or *' });
      return z.NEVER;
    }
    for (const item of items) {
      const tag = ENTITY_TAG.exec(item);
      if (!tag) {
        context.addIssue({ code: 'custom', message: 'a list of entity tags such as "3", or *' });
        return z.NEVER;
      }
      const version = tag[1] || !VERSION.test(tag[2]) ? NEVER : Number(tag[2]);
      versions.push(version <= MAX_VERSION ? version : NEVER);
    }
    return { ifMatch: [...new Set(versions)].slice(0, 32) };
  });
