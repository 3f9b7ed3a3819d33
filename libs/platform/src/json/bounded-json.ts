import { ServiceError } from '../errors/service-error';

/**
 * How deeply arrays and objects may nest in any JSON the suite accepts (request bodies, command
 * payloads, stream messages, event envelopes, cursors). Recursive code — JSON.stringify, zod,
 * the stored functions' jsonb walks — overflows its stack a few thousand levels down; 32 is far
 * beyond what an app's data needs and far below any stack.
 */
export const JSON_MAX_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether the JSON text nests arrays/objects deeper than `maxDepth`. One iterative pass over the
 * characters (brackets inside strings do not count), so it is safe on any input, valid or not,
 * and runs before any recursive code sees the value.
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number = JSON_MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** The field error of JSON nested too deeply; `field` is where the JSON sits ('' for a whole body). */
export const tooDeepError = (field = ''): ServiceError =>
  ServiceError.invalid([{ field, reason: `JSON must not nest deeper than ${JSON_MAX_DEPTH} levels` }]);

/**
 * JSON.parse behind the depth check: too deep is `invalid` (400), malformed is the SyntaxError of
 * JSON.parse. Every JSON text from outside the process is parsed with this (or checked with
 * `jsonNestsDeeperThan` first).
 */
export function parseBoundedJson(text: string, field = ''): unknown {
  if (jsonNestsDeeperThan(text)) throw tooDeepError(field);
  return JSON.parse(text) as unknown;
}

const utf8 = new TextDecoder();

/** `parseBoundedJson` of UTF-8 bytes (a NATS message's data). */
export const parseBoundedJsonBytes = (data: Uint8Array, field = ''): unknown =>
  parseBoundedJson(utf8.decode(data), field);
