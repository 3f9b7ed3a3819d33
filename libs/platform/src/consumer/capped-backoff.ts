/** Waits between attempts at something that fails for a while (an outage): doubling, with a ceiling. */
export interface CappedBackoff {
  /** The wait after the first failure. */
  firstMs: number;
  /** The longest wait, however many failures. */
  maxMs: number;
}

/** The wait after failure number `failures` (1 for the first). */
export const backoffDelayMs = (failures: number, backoff: CappedBackoff): number =>
  Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));

/** Resolves after `ms`, or as soon as `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Whether `signal` has aborted, read afresh (a property read is narrowed as if no await could change it). */
export const aborted = (signal: AbortSignal): boolean => signal.aborted;
