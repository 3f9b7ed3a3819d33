import type { IncomingMessage } from 'node:http';
import { requestIdOf, sanitizeRequestId } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('sanitizeRequestId', () => {
  it('keeps a sane id', () => {
    expect(sanitizeRequestId('abc-123_x.y')).toBe('abc-123_x.y');
    expect(sanitizeRequestId('a'.repeat(128))).toBe('a'.repeat(128));
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['with a space', 'a b'],
    ['with a newline (log injection)', 'abc\ninjected'],
    ['with markup', '<script>'],
    ['with a slash', 'a/b'],
  ])('replaces a %s id with a UUID', (_name, value) => {
    expect(sanitizeRequestId(value)).toMatch(UUID);
  });

  it('takes the first of repeated headers', () => {
    expect(sanitizeRequestId(['first', 'second'])).toBe('first');
  });

  it('generates a different id per request', () => {
    expect(sanitizeRequestId(undefined)).not.toBe(sanitizeRequestId(undefined));
  });

  it('reads the header of a raw request', () => {
    expect(requestIdOf({ headers: { 'x-request-id': 'from-client' } } as unknown as IncomingMessage)).toBe(
      'from-client',
    );
  });
});
