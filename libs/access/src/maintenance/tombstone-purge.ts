import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import {
  CONFIG,
  Database,
  EVENT_RETENTION_MS,
  LOGGER,
  Metrics,
  runPeriodically,
  type DatabaseConfig,
  type Logger,
  type Periodic,
  type SqlCaller,
} from '@vv/platform';
import type { Counter } from 'prom-client';

/**
 * Beyond the stream's max age, a day for consumers that lag or wait out a retry: a tombstone older
 * than both guards against no event that can still arrive.
 */
export const TOMBSTONE_MARGIN_MS = 24 * 3600 * 1000;

/** Tombstones last changed before this may go. */
export const tombstoneHorizon = (now: Date): Date =>
  new Date(now.getTime() - EVENT_RETENTION_MS - TOMBSTONE_MARGIN_MS);

export interface TombstonePurgeOptions {
  db: SqlCaller;
  logger: Logger;
  metrics: Metrics;
  /** SQL functions `<schema>.purge_…(p_before timestamptz) returns integer`, each dropping its tombstones. */
  functions: string[];
  /** 0: never on a schedule (purgeOnce still works). */
  intervalMs: number;
}

/**
 * Purges replica tombstones on a schedule, each replica's through its own SQL function. Runs in
 * every process of a service (each purge is one idempotent delete, so replicas need no leader);
 * one run at a time; a failure is logged and the next interval tries again.
 */
export class TombstonePurge implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private periodic?: Periodic;
  private readonly purged: Counter<'function'>;

  constructor(private readonly options: TombstonePurgeOptions) {
    this.purged = options.metrics.counter(
      'vv_replica_tombstones_purged_total',
      'Replica tombstones dropped once older than the event stream retention',
      ['function'],
    );
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    const periodic = this.periodic;
    this.periodic = undefined;
    await periodic?.stop();
  }

  start(): void {
    if (this.periodic || this.options.intervalMs <= 0) return;
    this.periodic = runPeriodically(this.options.intervalMs, async () => {
      await this.purgeOnce();
    });
  }

  /** Drops every tombstone past the horizon; returns how many. Never throws. */
  async purgeOnce(now = new Date()): Promise<number> {
    const before = tombstoneHorizon(now).toISOString();
    let total = 0;
    for (const fn of this.options.functions) {
      try {
        const row = await this.options.db.one<Record<string, number>>(fn, { before });
        const count = Object.values(row)[0] ?? 0;
        total += count;
        this.purged.inc({ function: fn }, count);
        if (count > 0) this.options.logger.info({ function: fn, purged: count, before }, 'tombstones purged');
      } catch (error) {
        this.options.logger.warn(
          { err: error, function: fn },
          'tombstone purge failed; the next interval retries',
        );
      }
    }
    return total;
  }
}

/**
 * A Nest provider purging `functions` every TOMBSTONE_PURGE_INTERVAL_MS (needs the platform's global
 * Database, LOGGER, Metrics and CONFIG). One per set of functions; the token is its own.
 */
export function tombstonePurgeProvider(functions: string[]): Provider {
  return {
    provide: Symbol(`tombstone-purge:${functions.join(',')}`),
    inject: [Database, LOGGER, Metrics, CONFIG],
    useFactory: (db: Database, logger: Logger, metrics: Metrics, config: DatabaseConfig) =>
      new TombstonePurge({ db, logger, metrics, functions, intervalMs: config.TOMBSTONE_PURGE_INTERVAL_MS }),
  };
}
