import { ServiceError } from '@vv/platform';

/**
 * Load shedding: at most `max` API requests in progress on this replica. One more is refused at
 * once with `unavailable` (503 + Retry-After), before its token is verified or its body read, so
 * under overload the excess costs almost nothing and the requests let in are answered in time
 * instead of every request waiting until its deadline. Rate limits cannot do this: many clients
 * each under their limit can still offer more than the suite can serve.
 */
export class InFlightLimit {
  private current = 0;

  constructor(private readonly max: number) {}

  /** Counts a request in, or throws `unavailable`; the returned function counts it out (once). */
  enter(): () => void {
    if (this.current >= this.max) {
      throw new ServiceError('unavailable', 'The gateway is at capacity; retry shortly', {
        retryAfterSeconds: 1,
      });
    }
    this.current += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.current -= 1;
    };
  }
}
