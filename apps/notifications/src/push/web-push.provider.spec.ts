import { resultOf, retryAfterMs } from './web-push.provider';

describe('push service answers', () => {
  it('maps statuses to outcomes', () => {
    expect(resultOf({ status: 201, retryAfter: undefined })).toEqual({ outcome: 'delivered' });
    for (const status of [404, 410]) expect(resultOf({ status, retryAfter: undefined }).outcome).toBe('gone');
    for (const status of [408, 429, 500, 503])
      expect(resultOf({ status, retryAfter: undefined }).outcome).toBe('retry');
    for (const status of [400, 401, 403, 413])
      expect(resultOf({ status, retryAfter: undefined }).outcome).toBe('rejected');
    expect(resultOf({ status: 429, retryAfter: '7' })).toMatchObject({
      outcome: 'retry',
      retryAfterMs: 7000,
    });
  });

  it('reads Retry-After as seconds or a date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
