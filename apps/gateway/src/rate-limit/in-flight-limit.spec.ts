import { InFlightLimit } from './in-flight-limit';

describe('InFlightLimit', () => {
  it('lets in up to max, refuses one more with unavailable, and has room again after a leave', () => {
    const limit = new InFlightLimit(2);
    const first = limit.enter();
    limit.enter();
    expect(() => limit.enter()).toThrow(
      expect.objectContaining({ code: 'unavailable', details: { retryAfterSeconds: 1 } }),
    );
    first();
    first(); // counted out once, however often the response's close fires: room for one, not two
    expect(() => limit.enter()).not.toThrow();
    expect(() => limit.enter()).toThrow();
  });
});
