import { jetstream, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ServiceName } from '@vv/contracts';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import { runPeriodically, type Periodic } from '../consumer/periodic';
import type { Metrics } from '../ops/metrics';
import type { BackoffPolicy } from '../retry/backoff-policy';
import { aborted } from '../retry/pause';
import { DrainLoop } from '../worker/drain-loop';
import type { OutboxRow } from './envelope';
import { ensureServiceStream } from './event-stream';
import { OutboxMetrics, type OutboxBacklog } from './outbox-metrics';
import { publishInOrder } from './ordered-publish';
import { RequestMux } from '../transport/request-mux';
import { RelayLeader } from './relay-leader';
import { idsAtStreamTail } from './stream-tail';

export interface OutboxRelayOptions {
  db: Database;
  /** For the relay's own session (LISTEN and the leader lock), which must not come from the pool. */
  databaseUrl: string;
  schema: string;
  service: ServiceName;
  nc: NatsConnection;
  prefix: string;
  logger: Logger;
  metrics: Metrics;
  pollIntervalMs: number;
  batchSize?: number;
  /** How often a standby relay tries to become the active one; default 1 s. */
  leaderRetryMs?: number;
}

const DEFAULT_BATCH_SIZE = 200;
const DEFAULT_LEADER_RETRY_MS = 1000;
/** After a failed pass the relay pauses (NOTIFY and poll included): 0.1 s doubling to 1 s. */
const RETRY: BackoffPolicy = { firstMs: 100, maxMs: 1000 };
const PURGE_EVERY_MS = 3600_000;
const KEEP_PUBLISHED_MS = 7 * 24 * 3600_000;

/** A publish JetStream did not acknowledge; nothing behind it was published after it. */
class PublishFailed extends Error {
  constructor(
    readonly eventId: string,
    readonly reason: unknown,
  ) {
    super('outbox publish failed');
  }
}

/**
 * Publishes committed outbox rows to JetStream in `seq` order. One replica per service publishes:
 * the one whose own session holds the schema's advisory lock (RelayLeader); the others stand by and
 * take over the moment that session ends. The active relay runs the platform's DrainLoop with that
 * leader lock as its claim: it wakes on NOTIFY (sent at commit) and polls as a fallback; each pass
 * marks the last batch published and reads the next in one statement, and publishes a batch in
 * order, stopping at its first failure (publishInOrder), after which the loop pauses with a capped
 * backoff. When what the stream holds is uncertain — after a takeover or a failure — it first marks
 * published whatever of the outbox is already at the stream's tail, so an event is not published
 * twice whatever JetStream's duplicate window (docs/reliability.md, "Order and delivery").
 */
export class OutboxRelay {
  private readonly leader: RelayLeader;
  private readonly loop: DrainLoop;
  private readonly metrics: OutboxMetrics;
  private js?: JetStreamClient;
  private mux?: RequestMux;
  private jsm?: JetStreamManager;
  private stream = '';
  private purging?: Periodic;
  private running = false;
  /** Whether the stream may hold events the outbox does not show published. */
  private unsure = true;

  constructor(private readonly options: OutboxRelayOptions) {
    this.metrics = new OutboxMetrics(options.metrics, () => this.backlog());
    this.loop = new DrainLoop({
      pass: (signal) => this.drain(signal),
      pollIntervalMs: options.pollIntervalMs,
      retry: RETRY,
      ready: () => this.leader.isLeading,
      onFailure: (error, failures, retryInMs) => this.failed(error, failures, retryInMs),
    });
    this.leader = new RelayLeader({
      databaseUrl: options.databaseUrl,
      schema: options.schema,
      statementTimeoutMs: options.db.options.statementTimeoutMs,
      retryMs: options.leaderRetryMs ?? DEFAULT_LEADER_RETRY_MS,
      logger: options.logger,
      onNotify: () => this.loop.wake(),
      onLeadership: (leading) => this.leadershipChanged(leading),
    });
  }

  async start(): Promise<void> {
    const { nc, prefix, service } = this.options;
    ({ jsm: this.jsm, stream: this.stream } = await ensureServiceStream(nc, prefix, service));
    this.js = jetstream(nc);
    this.mux = new RequestMux(nc);
    this.running = true;
    this.loop.start();
    this.purging = runPeriodically(PURGE_EVERY_MS, () => this.purge());
    await this.leader.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all([this.loop.stop(), this.purging?.stop()]);
    await this.leader.stop();
  }

  /** Publishes everything pending now, if this relay is the active one; resolves when done. */
  flush(): Promise<void> {
    return this.loop.flush();
  }

  private leadershipChanged(leading: boolean): void {
    this.metrics.leading(leading);
    const { logger, schema } = this.options;
    if (leading) {
      logger.info({ schema }, 'outbox relay is the active publisher');
      this.unsure = true;
      this.loop.wake();
    } else if (this.running) {
      logger.warn({ schema }, 'outbox relay is no longer the active publisher');
    }
  }

  private async drain(signal: AbortSignal): Promise<void> {
    const { schema, prefix } = this.options;
    const limit = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    const js = this.js!;
    let published: string[] = [];
    for (;;) {
      if (this.unsure) {
        // At most one batch can be stored and unmarked; twice that leaves room for foreign messages.
        published = await idsAtStreamTail(js, this.jsm!, this.stream, 2 * limit);
        this.unsure = false;
      }
      const rows = await this.leader.call<OutboxRow>(`${schema}.next_outbox_batch`, { published, limit });
      published = [];
      if (rows.length === 0 || aborted(signal)) return;
      const outcome = await publishInOrder(this.mux!, prefix, rows, {
        onStored: (row) => this.metrics.stored(row.occurredAt),
        stillLeading: () => this.leader.isLeading,
      });
      published = outcome.published;
      if (outcome.failed) {
        this.metrics.failed();
        await this.leader.call(`${schema}.next_outbox_batch`, { published, limit: 0 });
        throw new PublishFailed(outcome.failed.row.id, outcome.failed.error);
      }
    }
  }

  /** After a failed pass the stream is looked at first again; the loop has paused. */
  private failed(error: unknown, failures: number, retryInMs: number): void {
    this.unsure = true;
    if (!this.leader.isLeading) return; // said once, by leadershipChanged
    const [err, eventId] =
      error instanceof PublishFailed ? [error.reason, error.eventId] : [error, undefined];
    this.options.logger.warn(
      { err, eventId, failures, retryInMs },
      'outbox publish failed; nothing behind it is published before it',
    );
  }

  private async backlog(): Promise<OutboxBacklog> {
    const row = await this.options.db.one<{ pending: string; oldestOccurredAt: string | null }>(
      `${this.options.schema}.outbox_backlog`,
    );
    const oldest = row.oldestOccurredAt ? Date.parse(row.oldestOccurredAt) : Date.now();
    return { pending: Number(row.pending), oldestSeconds: Math.max(0, (Date.now() - oldest) / 1000) };
  }

  private async purge(): Promise<void> {
    if (!this.leader.isLeading) return;
    try {
      await this.options.db.call(`${this.options.schema}.purge_outbox`, {
        publishedBefore: new Date(Date.now() - KEEP_PUBLISHED_MS),
      });
    } catch (error) {
      this.options.logger.warn({ err: error }, 'outbox purge failed');
    }
  }
}
