import { ServiceError, type Metrics } from '@vv/platform';
import { Gauge } from 'prom-client';
import type { AdaptiveLimit } from './adaptive-limit';

/**
 * Where a request was refused: `arrival` before its token was verified (as it arrived, or once its body
 * had been read), `admission` after that, at the slot itself.
 */
export type ShedStage = 'arrival' | 'admission';

/**
 * Load shedding: API requests in progress on this replica, under a limit that adapts to latency
 * (AdaptiveLimit). One more is refused at once with `unavailable` (503 + Retry-After), so under
 * overload the excess costs almost nothing and the requests let in are answered in time instead of
 * every request waiting until its deadline. Rate limits cannot do this: many clients each under their
 * limit can still offer more than the suite can serve. Metrics: `vv_http_concurrency_limit`,
 * `vv_http_requests_in_flight`, `vv_http_requests_shed_total{stage}`.
 */
export class InFlightLimit {
  private readonly shed: Record<ShedStage, { inc(): void }>;

  constructor(
    private readonly limiter: AdaptiveLimit,
    metrics: Metrics,
  ) {
    // Read at scrape time: nothing is written per request.
    new Gauge({
      name: 'vv_http_concurrency_limit',
      help: 'API requests this replica admits at once now (adapts to latency)',
      registers: [metrics.registry],
      collect() {
        this.set(limiter.limit);
      },
    });
    new Gauge({
      name: 'vv_http_requests_in_flight',
      help: 'API requests admitted and not yet answered',
      registers: [metrics.registry],
      collect() {
        this.set(limiter.inFlight);
      },
    });
    const shed = metrics.counter('vv_http_requests_shed_total', 'API requests refused at capacity (503)', [
      'stage',
    ]);
    this.shed = {
      arrival: shed.labels({ stage: 'arrival' }),
      admission: shed.labels({ stage: 'admission' }),
    };
  }

  /** Refuses a request while the replica is full, before its token is verified (no slot is taken). */
  assertRoom(): void {
    if (this.limiter.full) this.refuse('arrival');
  }

  /**
   * Whether a request that just arrived is refused (counted): the replica is full. The caller answers
   * the 503 itself, without an exception (the cheapest refusal, on the path most refusals take).
   */
  shedOnArrival(): boolean {
    if (!this.limiter.full) return false;
    this.shed.arrival.inc();
    return true;
  }

  /** Counts a request in, or throws `unavailable`; the returned function counts it out (once). */
  enter(): () => void {
    return this.limiter.tryEnter() ?? this.refuse('admission');
  }

  private refuse(stage: ShedStage): never {
    this.shed[stage].inc();
    throw new ServiceError('unavailable', 'The gateway is at capacity; retry shortly', {
      retryAfterSeconds: 1,
    });
  }
}
