import type { Logger } from 'pino';
import type { BackoffPolicy } from '../retry/backoff-policy';
import { aborted } from '../retry/pause';
import { DrainLoop } from './drain-loop';
import { PgListener } from './pg-listener';

export interface LeasedQueueWorkerOptions<Item> {
  /** Names the worker in logs and its listening session, e.g. `mail`. */
  name: string;
  /**
   * Claims up to `limit` due items for `leaseMs` (`for update skip locked`, so replicas share the
   * work). An item whose lease runs out before it is settled is claimed again, by any worker.
   */
  claim(limit: number, leaseMs: number): Promise<Item[]>;
  /** Settles one item (done, retried later, failed for good); a throw leaves it to its lease. */
  handle(item: Item): Promise<void>;
  /** Items claimed, and handled at once, per claim. */
  batchSize: number;
  leaseMs: number;
  pollIntervalMs: number;
  /** Wake on this channel's NOTIFY (sent when items are queued), through a session of its own. */
  notify?: { databaseUrl: string; channel: string };
  /** The pause after a failed claim; by default 0.1 s doubling to 5 s, equal jitter. */
  retry?: BackoffPolicy;
  logger: Logger;
  /** The jitter's source (tests inject one). */
  random?: () => number;
}

const DEFAULT_RETRY: BackoffPolicy = { firstMs: 100, maxMs: 5000, jitter: 'equal' };

/**
 * A queue of rows worked off under leases: claims a batch, handles its items at once (one slow
 * item does not hold up the others), and claims again while batches come back full. Woken by
 * NOTIFY, by `wake()` and by a poll; `stop()` lets the items in flight finish (the rows it has not
 * reached come back when their lease runs out). Used by the notifications' mail, push and webhook
 * senders; the outbox relay runs the same DrainLoop with a leader lock instead of leases.
 */
export class LeasedQueueWorker<Item> {
  private readonly loop: DrainLoop;
  private readonly listener?: PgListener;

  constructor(private readonly options: LeasedQueueWorkerOptions<Item>) {
    this.loop = new DrainLoop({
      pass: (signal) => this.pass(signal),
      pollIntervalMs: options.pollIntervalMs,
      retry: options.retry ?? DEFAULT_RETRY,
      random: options.random,
      onFailure: (error, failures, retryInMs) =>
        options.logger.warn(
          { err: error, worker: options.name, failures, retryInMs },
          'queue worker pass failed; it is retried',
        ),
    });
    if (options.notify) {
      this.listener = new PgListener({
        ...options.notify,
        applicationName: `${options.name}-worker`,
        onNotify: () => this.loop.wake(),
        logger: options.logger,
      });
    }
  }

  async start(): Promise<void> {
    this.loop.start();
    await this.listener?.start();
  }

  /** Stops claiming; resolves once the items in flight are settled. */
  async stop(): Promise<void> {
    await this.listener?.stop();
    await this.loop.stop();
  }

  /** Runs a pass now, or right after the one in progress. */
  wake(): void {
    this.loop.wake();
  }

  /** Wakes the worker and resolves when the pass it runs has finished. */
  flush(): Promise<void> {
    return this.loop.flush();
  }

  private async pass(signal: AbortSignal): Promise<void> {
    const { batchSize, leaseMs, logger, name } = this.options;
    while (!aborted(signal)) {
      const claimed = await this.options.claim(batchSize, leaseMs);
      await Promise.all(
        claimed.map((item) =>
          this.options.handle(item).catch((error: unknown) => {
            logger.warn(
              { err: error, worker: name },
              'queue item not settled; its lease runs out and it is retried',
            );
          }),
        ),
      );
      if (claimed.length < batchSize) return;
    }
  }
}
