import { backoffDelayMs } from '@vv/platform';

export interface RestartBackoffOptions {
  /** Wait before the first restart of a crash streak. */
  readonly firstMs: number;
  /** Longest wait: the delay doubles per crash in a row up to this. */
  readonly maxMs: number;
  /** A run at least this long ends the streak: the next crash waits `firstMs` again. */
  readonly stableMs: number;
}

export const restartBackoffDefaults: RestartBackoffOptions = {
  firstMs: 1000,
  maxMs: 30_000,
  stableMs: 60_000,
};

/**
 * How long to wait before restarting an app that crashed: a crash loop backs off (1, 2, 4 … 30 s),
 * while an app that ran a while before crashing is restarted at once again.
 */
export class RestartBackoff {
  private streak = 0;

  constructor(private readonly options: RestartBackoffOptions = restartBackoffDefaults) {}

  /** The wait before the next restart, given how long the process that just exited ran. */
  next(ranMs: number): number {
    if (ranMs >= this.options.stableMs) this.streak = 0;
    this.streak++;
    return backoffDelayMs(this.streak, this.options);
  }
}
