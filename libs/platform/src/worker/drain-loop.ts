import { backoffDelayMs, type BackoffPolicy } from '../retry/backoff-policy';

export interface DrainLoopOptions {
  /**
   * One pass: works until nothing is left, looking at `signal` between items (it aborts on stop).
   * A throw is a failed pass: the loop pauses, then passes again.
   */
  pass(signal: AbortSignal): Promise<void>;
  /** A pass runs at least this often, for the wake-ups that never came (the fallback). */
  pollIntervalMs: number;
  /** The pause after a failed pass, growing with each failure in a row; wake-ups wait for it. */
  retry: BackoffPolicy;
  /** Whether passes may run now (e.g. only while leading); a wake-up refused here is dropped. */
  ready?: () => boolean;
  /** Told of each failed pass, with the pause that follows it. */
  onFailure(error: unknown, failures: number, retryInMs: number): void;
  /** The jitter's source (tests inject one). */
  random?: () => number;
}

/**
 * The loop every queue worker runs: a pass now on `wake()` (NOTIFY, a producer in this process),
 * on a poll as a fallback, and again at once when woken during a pass; never two passes at once;
 * after a failed pass a backoff pause (one policy: retry/backoff-policy.ts); `stop()` lets the pass
 * in progress finish its in-flight work and resolves after it.
 */
export class DrainLoop {
  private timer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private started = false;
  private failures = 0;
  private pausedUntil = 0;
  private readonly stopping = new AbortController();

  constructor(private readonly options: DrainLoopOptions) {}

  start(): void {
    if (this.started || this.stopping.signal.aborted) return;
    this.started = true;
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** No further passes; resolves once the pass in progress (if any) has finished. */
  async stop(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
    await this.running;
  }

  /** Runs a pass now, or right after the one in progress; nothing while paused, stopped or not ready. */
  wake(): void {
    if (!this.started || this.stopping.signal.aborted || Date.now() < this.pausedUntil) return;
    if (this.options.ready && !this.options.ready()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.again = false;
    this.running = this.runPass().finally(() => {
      this.running = undefined;
      // A wake-up that landed during the pass must not wait for the poll.
      if (this.again) this.wake();
    });
  }

  /** Wakes the loop and resolves when the pass it runs (or the one in progress) has finished. */
  flush(): Promise<void> {
    this.wake();
    return this.running ?? Promise.resolve();
  }

  private async runPass(): Promise<void> {
    try {
      await this.options.pass(this.stopping.signal);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      const delay = backoffDelayMs(this.failures, this.options.retry, this.options.random);
      this.pausedUntil = Date.now() + delay;
      this.again = false;
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        this.pausedUntil = 0;
        this.wake();
      }, delay);
      this.retryTimer.unref();
      this.options.onFailure(error, this.failures, delay);
    }
  }
}
