import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { eventSubject, type EventEnvelope, type ServiceName } from '@vv/contracts';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { Counter, Histogram } from 'prom-client';
import type { Database } from '../db/database';
import type { Metrics } from '../ops/metrics';
import { ensureServiceStream, OUTBOX_LEASE_MS } from './event-stream';

export interface OutboxRelayOptions {
  db: Database;
  /** For the dedicated LISTEN connection, which must not come from the pool. */
  databaseUrl: string;
  schema: string;
  service: ServiceName;
  nc: NatsConnection;
  prefix: string;
  logger: Logger;
  metrics: Metrics;
  pollIntervalMs: number;
  batchSize?: number;
  /** How long a claimed batch is reserved before another relay may publish it again; default OUTBOX_LEASE_MS. */
  leaseMs?: number;
}

interface OutboxRow {
  seq: string;
  id: string;
  type: string;
  version: number;
  villageId: string | null;
  actorId: string | null;
  data: unknown;
  occurredAt: string;
}

const LISTEN_RETRY_MS = 2000;
const PURGE_EVERY_MS = 3600_000;
const KEEP_PUBLISHED_MS = 7 * 24 * 3600_000;

/**
 * Publishes committed outbox rows to JetStream. It wakes on NOTIFY (sent at commit) and polls as
 * a fallback. A batch is leased (claimed_until) in one statement, published with
 * `Nats-Msg-Id = event id`, then marked published; if the process dies in between, the lease
 * runs out and the rows are published again, and JetStream drops the duplicates.
 */
export class OutboxRelay {
  private js?: JetStreamClient;
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private purgeTimer?: NodeJS.Timeout;
  private running = false;
  private draining?: Promise<void>;
  private again = false;
  private readonly published: Counter<'outcome'>;
  private readonly lag: Histogram<never>;

  constructor(private readonly options: OutboxRelayOptions) {
    this.published = options.metrics.counter('vv_outbox_published_total', 'Outbox events published', [
      'outcome',
    ]);
    this.lag = options.metrics.histogram('vv_outbox_lag_seconds', 'From commit to JetStream ack', []);
  }

  async start(): Promise<void> {
    await ensureServiceStream(this.options.nc, this.options.prefix, this.options.service);
    this.js = jetstream(this.options.nc);
    this.running = true;
    await this.listen();
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    clearInterval(this.purgeTimer);
    await this.draining;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Publishes everything pending now; resolves when the outbox is drained. */
  flush(): Promise<void> {
    this.wake();
    return this.draining ?? Promise.resolve();
  }

  private wake(): void {
    if (!this.running) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      // A wake-up that landed after the pass's last look at `again` must not wait for the poll.
      if (this.again) this.wake();
    });
  }

  private async drain(): Promise<void> {
    const limit = this.options.batchSize ?? 200;
    try {
      do {
        this.again = false;
        let count: number;
        do {
          count = await this.publishBatch(limit);
        } while (count === limit && this.running);
      } while (this.shouldRunAgain());
    } catch (error) {
      this.options.logger.error({ err: error }, 'outbox relay pass failed; the poll retries');
    }
  }

  /** `again` is set by wake() while a pass is in flight. */
  private shouldRunAgain(): boolean {
    return this.again && this.running;
  }

  private async publishBatch(limit: number): Promise<number> {
    const { db, schema, prefix } = this.options;
    const leaseMs = this.options.leaseMs ?? OUTBOX_LEASE_MS;
    const rows = await db.call<OutboxRow>(`${schema}.claim_outbox`, { limit, leaseMs });
    if (rows.length === 0) return 0;
    rows.sort((a, b) => Number(a.seq) - Number(b.seq));
    const js = this.js!;
    const results = await Promise.allSettled(
      rows.map(async (row) => {
        const [service, ...name] = row.type.split('.');
        const subject = eventSubject(prefix, {
          service: service as ServiceName,
          name: name.join('.'),
          version: row.version,
        });
        const envelope: EventEnvelope = {
          id: row.id,
          type: row.type,
          version: row.version,
          occurredAt: row.occurredAt,
          villageId: row.villageId,
          actorId: row.actorId,
          data: row.data,
        };
        await js.publish(subject, JSON.stringify(envelope), { msgID: row.id });
        this.lag.observe((Date.now() - Date.parse(row.occurredAt)) / 1000);
        return row.id;
      }),
    );
    const done = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = results.length - done.length;
    if (done.length) await db.call(`${schema}.mark_outbox_published`, { ids: done });
    this.published.inc({ outcome: 'ok' }, done.length);
    if (failed) {
      this.published.inc({ outcome: 'failed' }, failed);
      const reason = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
      this.options.logger.warn(
        { failed, err: reason.reason as unknown },
        'outbox publish failed; retried after the lease',
      );
      return 0;
    }
    return rows.length;
  }

  private async listen(): Promise<void> {
    if (!this.running) return;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: `${this.options.schema}-outbox`,
    });
    const retry = (): void => {
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
      if (this.running) setTimeout(() => void this.listen(), LISTEN_RETRY_MS).unref();
    };
    client.on('error', (error) => {
      this.options.logger.warn({ err: error }, 'outbox LISTEN connection lost; polling until it is back');
      retry();
    });
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`listen "${this.options.schema}_outbox"`);
      if (this.stopped()) {
        // stop() ran while this (re)connection was being made: it must not outlive the relay.
        await client.end().catch(() => undefined);
        return;
      }
      this.listener = client;
      // Commits notified while the connection was down were missed: look now rather than at the next poll.
      this.wake();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'outbox LISTEN failed; polling until it works');
      retry();
    }
  }

  /** A method, not a field read, so the compiler does not assume it unchanged across awaits. */
  private stopped(): boolean {
    return !this.running;
  }

  private async purge(): Promise<void> {
    try {
      await this.options.db.call(`${this.options.schema}.purge_outbox`, {
        publishedBefore: new Date(Date.now() - KEEP_PUBLISHED_MS),
      });
    } catch (error) {
      this.options.logger.warn({ err: error }, 'outbox purge failed');
    }
  }
}
