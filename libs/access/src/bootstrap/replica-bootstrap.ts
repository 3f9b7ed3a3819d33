import { jetstreamManager } from '@nats-io/jetstream';
import {
  backoffDelayMs,
  ensureServiceStream,
  type BackoffPolicy,
  type Database,
  type DurableDescription,
  type DurableHook,
  type Logger,
  type Metrics,
  type NatsConnection,
  type NatsClientProxy,
} from '@vv/platform';
import type { Counter } from 'prom-client';
import { BootstrapRepository } from './bootstrap.repository';
import type { ReplicaSource } from './replica-source';
import { consumerPosition, createConsumerAtEnd } from './stream-position';

export interface ReplicaBootstrapDeps {
  nc: NatsConnection;
  db: Database;
  rpc: NatsClientProxy;
  prefix: string;
  /** The schema holding the replica and libs/access's SQL. */
  schema: string;
  logger: Logger;
  metrics: Metrics;
  /** REPLICA_REBUILD: `all` (or `true`), or the names of the replicas to rebuild at this start. */
  rebuild: readonly string[];
  /** Items asked for per page; default 500. */
  pageSize?: number;
  /** A run's lease, renewed with each page; default 60 s. */
  leaseMs?: number;
  /** Waits between attempts, doubling from the first to the second (equal jitter); default 1 s to 30 s. */
  retryMs?: readonly [number, number];
  /** Deadline of each page; default 10 s. */
  pageTimeoutMs?: number;
}

export type BootstrapReason = 'never_bootstrapped' | 'rebuild' | 'behind_stream';

/**
 * Rebuilds a replica from its owner's paged snapshot so it never depends on the stream's
 * retention. It is the hook of the durable consumer that keeps the replica current
 * (`@OnEvent(…, { hook })`): `prepare` decides (the replica never completed a bootstrap,
 * REPLICA_REBUILD names it, or the stream dropped events the consumer never got) and, when the
 * consumer does not exist yet, creates it at the stream's end; the consumer starts; then `start`
 * reads the snapshot in the background, page by page, retrying until it is done. Events stored
 * after the consumer's position are all delivered; those the snapshot already reflects are older
 * than its items (versions, tombstones) and change nothing. After the last page, what no page named
 * is swept away. One process of a service runs it at a time (a lease); the others wait for it.
 */
export class ReplicaBootstrap<Item = unknown> implements DurableHook {
  private readonly repository: BootstrapRepository;
  private readonly outcomes: Counter<'replica' | 'outcome'>;
  private reason?: BootstrapReason;
  /** The completion seen at `prepare`: another process's newer one means the work is done. */
  private completedBefore: string | null = null;
  private loop?: Promise<void>;
  private stopped = false;
  private wake?: () => void;

  constructor(
    private readonly deps: ReplicaBootstrapDeps,
    private readonly source: ReplicaSource<Item>,
  ) {
    this.repository = new BootstrapRepository(deps.schema);
    this.outcomes = deps.metrics.counter(
      'vv_replica_bootstrap_total',
      'Replica bootstraps from the owner’s snapshot, by outcome',
      ['replica', 'outcome'],
    );
  }

  /** Before `durable` starts: whether a bootstrap is needed (and why); undefined when not. */
  async prepare(durable: DurableDescription): Promise<BootstrapReason | undefined> {
    const { nc, db, prefix, rebuild, logger } = this.deps;
    const { name } = this.source;
    const { jsm } = await ensureServiceStream(nc, prefix, durable.producer);
    const [state, position] = await Promise.all([
      this.repository.state(db, name),
      consumerPosition(jsm, durable.stream, durable.name),
    ]);
    this.completedBefore = state?.completedAt ?? null;
    this.reason = rebuild.some((value) => value === name || value === 'all' || value === 'true')
      ? 'rebuild'
      : !this.completedBefore
        ? 'never_bootstrapped'
        : position.behind
          ? 'behind_stream'
          : undefined;
    if (this.reason && !position.exists) {
      const { stream, name: consumer, filterSubject } = durable;
      await createConsumerAtEnd(await jetstreamManager(nc), { stream, name: consumer, filterSubject });
    }
    if (this.reason) logger.info({ replica: name, reason: this.reason }, 'replica bootstrap needed');
    return this.reason;
  }

  /** After the consumer started: the snapshot in the background, when `prepare` asked for one. */
  start(): void {
    if (!this.reason || this.loop) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Resolves once the background run has ended (done, or stopped). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Resolves when the bootstrap is done (immediately when none was needed). */
  async settled(): Promise<void> {
    await this.loop;
  }

  private async run(): Promise<void> {
    const [firstMs, maxMs] = this.deps.retryMs ?? [1000, 30_000];
    // Every service's replicas may wait out the same owner's outage: equal jitter spreads their retries.
    const retry: BackoffPolicy = { firstMs, maxMs, jitter: 'equal' };
    let failures = 0;
    while (!this.stopped) {
      try {
        if (await this.runOnce()) return;
      } catch (error) {
        this.outcomes.inc({ replica: this.source.name, outcome: 'failed' });
        this.deps.logger.warn(
          { err: error, replica: this.source.name },
          'replica bootstrap failed; retrying',
        );
      }
      failures += 1;
      await this.sleep(backoffDelayMs(failures, retry));
    }
  }

  /** True when the replica is bootstrapped: by this run, or by another process's since `prepare`. */
  private async runOnce(): Promise<boolean> {
    const { db, rpc, logger } = this.deps;
    const { name, command } = this.source;
    const leaseMs = this.deps.leaseMs ?? 60_000;
    const startedAt = await this.repository.begin(db, name, leaseMs);
    if (!startedAt) {
      const completedAt = (await this.repository.state(db, name))?.completedAt ?? null;
      return completedAt !== null && completedAt !== this.completedBefore;
    }
    const began = Date.now();
    let items = 0;
    let cursor: string | null = null;
    do {
      if (this.stopped) return false;
      const page: { items: Item[]; nextCursor: string | null } = await rpc.call(
        command,
        { cursor, limit: this.deps.pageSize ?? 500 },
        { timeoutMs: this.deps.pageTimeoutMs ?? 10_000 },
      );
      await db.transaction(async (tx) => {
        if (!(await this.repository.renew(tx, name, startedAt, leaseMs))) {
          throw new Error('replica bootstrap lease lost');
        }
        await this.source.store(tx, page.items, startedAt);
      });
      items += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    const swept = await db.transaction(async (tx) => {
      const count = await this.source.sweep(tx, startedAt);
      if (!(await this.repository.complete(tx, name, startedAt)))
        throw new Error('replica bootstrap lease lost');
      return count;
    });
    this.outcomes.inc({ replica: name, outcome: 'completed' });
    logger.info(
      { replica: name, reason: this.reason, items, swept, ms: Date.now() - began },
      'replica bootstrapped from its owner’s snapshot',
    );
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
