/** The knobs of an adaptive concurrency limit; docs/performance.md ("Overload") explains each. */
export interface AdaptiveLimitOptions {
  /** The floor: the limit never goes below it, whatever latency does. */
  readonly min: number;
  /** The ceiling (MAX_IN_FLIGHT_REQUESTS); also where the limit starts. */
  readonly max: number;
  /** How much slower than the baseline a window may be before the limit shrinks (1.5 = 50 % slower). */
  readonly tolerance: number;
  /** A window of latencies closes with the first response at least this long after it opened... */
  readonly windowMs: number;
  /** ...and at least this many responses in it, so that a quiet moment does not decide alone. */
  readonly windowMinSamples: number;
  /** The baseline is an exponential average over about this many windows. */
  readonly baselineWindows: number;
}

export const ADAPTIVE_LIMIT_DEFAULTS = {
  tolerance: 2,
  windowMs: 100,
  windowMinSamples: 10,
  baselineWindows: 600,
} as const;

/** How far one window may move the limit toward its target: damps noise without lagging long. */
const SMOOTHING = 0.2;
/** One window may at most halve the target: a single slow window must not collapse the limit. */
const MIN_GRADIENT = 0.5;
/** When the baseline is more than this many times the window, it is stale (an overload has passed). */
const STALE_BASELINE_RATIO = 2;
const STALE_BASELINE_DECAY = 0.95;

/**
 * A concurrency limit that follows latency, after Netflix concurrency-limits' Gradient2: admitted
 * requests' latencies are averaged per window (short term) and the windows exponentially over a
 * long horizon (the baseline). When a window is slower than `tolerance` × baseline, requests are
 * queueing somewhere behind the gateway, so the limit moves toward limit × baseline × tolerance /
 * window (at most halving), plus a small headroom (√limit) that lets it probe upward again when
 * latency is back within tolerance. Windows where fewer than half the slots were used say nothing
 * about capacity and leave the limit alone. Pure: O(1) per request, no timers, the clock injected.
 */
export class AdaptiveLimit {
  private estimate: number;
  private current = 0;
  private baseline: number | null = null;
  private windowStart: number | null = null;
  private windowSum = 0;
  private windowCount = 0;
  private windowPeakInFlight = 0;

  constructor(
    private readonly options: AdaptiveLimitOptions,
    private readonly now: () => number,
  ) {
    if (options.min < 1 || options.max < options.min) throw new RangeError('need 1 ≤ min ≤ max');
    this.estimate = options.max;
  }

  /** Requests admitted now. */
  get limit(): number {
    return Math.floor(this.estimate);
  }

  get inFlight(): number {
    return this.current;
  }

  /** The long-term latency (ms) the windows are compared with; null before the first window. */
  get baselineMs(): number | null {
    return this.baseline;
  }

  get full(): boolean {
    return this.current >= this.limit;
  }

  /**
   * Counts a request in and returns the function that counts it out (once) and records its latency,
   * or returns null when the limit is reached.
   */
  tryEnter(): (() => void) | null {
    if (this.full) return null;
    this.current += 1;
    if (this.current > this.windowPeakInFlight) this.windowPeakInFlight = this.current;
    const admittedAt = this.now();
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.current -= 1;
      this.record(admittedAt);
    };
  }

  private record(admittedAt: number): void {
    const now = this.now();
    this.windowStart ??= admittedAt;
    this.windowSum += now - admittedAt;
    this.windowCount += 1;
    if (now - this.windowStart < this.options.windowMs || this.windowCount < this.options.windowMinSamples) {
      return;
    }
    const windowMs = Math.max(this.windowSum / this.windowCount, 1e-3);
    const peakInFlight = this.windowPeakInFlight;
    this.windowStart = now;
    this.windowSum = 0;
    this.windowCount = 0;
    this.windowPeakInFlight = this.current;
    this.update(windowMs, peakInFlight);
  }

  private update(windowMs: number, peakInFlight: number): void {
    const { min, max, tolerance, baselineWindows } = this.options;
    let baseline = this.baseline ?? windowMs;
    baseline += (windowMs - baseline) / baselineWindows;
    if (baseline > STALE_BASELINE_RATIO * windowMs) baseline *= STALE_BASELINE_DECAY;
    this.baseline = baseline;
    if (peakInFlight < this.estimate / 2) return;
    const gradient = Math.max(MIN_GRADIENT, Math.min(1, (tolerance * baseline) / windowMs));
    const target = this.estimate * gradient + Math.sqrt(this.estimate);
    const next = this.estimate * (1 - SMOOTHING) + target * SMOOTHING;
    this.estimate = Math.max(min, Math.min(max, next));
  }
}
