/**
 * The one backoff policy of the suite: every retry schedule (a worker's failed pass, a row's next
 * attempt, a consumer's outage retries, a client's reconnect) is this function with its own
 * parameters, so schedules differ only in numbers.
 *
 * The wait after failure n (1 for the first) has the ceiling `min(maxMs, firstMs · factor^(n-1))`;
 * jitter then spreads it so that many retriers that failed together do not come back together:
 * - `none`: the ceiling itself (one retrier, e.g. the leader of a queue);
 * - `equal`: uniformly in [½, 1] of the ceiling — spread, but never much sooner than planned;
 * - `full`: uniformly in [0, 1] of the ceiling — the widest spread, for crowds of clients.
 */
export interface BackoffPolicy {
  /** The wait after the first failure (before jitter). */
  firstMs: number;
  /** The longest wait, however many failures (before jitter). */
  maxMs: number;
  /** The growth per further failure; 2 unless given. */
  factor?: number;
  /** `none` unless given. */
  jitter?: 'none' | 'equal' | 'full';
}

/** Past this many doublings every ceiling is `maxMs` anyway; it keeps the power finite. */
const MAX_EXPONENT = 52;

/** The wait before trying again after failure number `failures` (1 for the first), in whole ms ≥ 1. */
export function backoffDelayMs(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), MAX_EXPONENT);
  const ceiling = Math.min(policy.maxMs, policy.firstMs * (policy.factor ?? 2) ** exponent);
  const spread = policy.jitter === 'full' ? random() : policy.jitter === 'equal' ? 0.5 + 0.5 * random() : 1;
  return Math.max(1, Math.round(ceiling * spread));
}

/** The ceilings of the first `steps` waits, e.g. a consumer's redelivery delays. */
export const backoffSchedule = (policy: BackoffPolicy, steps: number): number[] =>
  Array.from({ length: steps }, (_, index) => backoffDelayMs(index + 1, { ...policy, jitter: 'none' }));
