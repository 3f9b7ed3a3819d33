/** A fault's time span as the checks need it. */
export interface Window {
  startedAt: number;
  clearedAt: number;
}

/**
 * Index of the fault a moment belongs to: the last fault started at most `leadMs` after it (events
 * committed just before a kill are the ones a killed relay had in hand), until the next fault's share
 * begins; -1 before the first.
 */
export function windowOf(at: number, windows: readonly Window[], leadMs: number): number {
  let found = -1;
  windows.forEach((window, index) => {
    if (at >= window.startedAt - leadMs) found = index;
  });
  return found;
}

/** True when `at` is away from every fault: before its lead, or `settleMs` after it was removed. */
export function isSteady(at: number, windows: readonly Window[], leadMs: number, settleMs: number): boolean {
  return windows.every((window) => at < window.startedAt - leadMs || at > window.clearedAt + settleMs);
}
