import { JSON_MAX_DEPTH, jsonNestsDeeperThan, parseBoundedJson, parseBoundedJsonBytes } from './bounded-json';
import { ServiceError } from '../errors/service-error';

const nested = (depth: number, open = '[', close = ']'): string => open.repeat(depth) + close.repeat(depth);

describe('bounded JSON', () => {
  it('accepts JSON nested exactly to the limit and refuses one level more', () => {
    expect(jsonNestsDeeperThan(nested(JSON_MAX_DEPTH))).toBe(false);
    expect(jsonNestsDeeperThan(nested(JSON_MAX_DEPTH + 1))).toBe(true);
    const objects = '{"a":'.repeat(JSON_MAX_DEPTH + 1) + '1' + '}'.repeat(JSON_MAX_DEPTH + 1);
    expect(jsonNestsDeeperThan(objects)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ s: '[[[[{{{{\\"[[[[' + '['.repeat(100) });
    expect(jsonNestsDeeperThan(text)).toBe(false);
    expect(parseBoundedJson(text)).toEqual(JSON.parse(text));
  });

  it('scans a hostile 100 000-level text without recursion and answers invalid with the field', () => {
    const hostile = nested(100_000, '{"a":', '}');
    expect(jsonNestsDeeperThan(hostile)).toBe(true);
    let thrown: unknown;
    try {
      parseBoundedJson(hostile, 'data');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ServiceError);
    expect(thrown).toMatchObject({ code: 'invalid', details: { errors: [{ field: 'data' }] } });
  });

  it('parses bytes, and leaves malformed JSON to JSON.parse', () => {
    expect(parseBoundedJsonBytes(new TextEncoder().encode('{"a":[1,2]}'))).toEqual({ a: [1, 2] });
    expect(() => parseBoundedJson('{"a":')).toThrow(SyntaxError);
  });
});
