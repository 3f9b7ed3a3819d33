import type { NatsConnection } from '@nats-io/transport-node';
import type { EventEnvelope, ServiceName } from '@vv/contracts';
import type { Logger } from 'pino';
import type { Database, SqlCaller } from '../db/database';
import type { Metrics } from '../ops/metrics';
import type { CappedBackoff } from './capped-backoff';

/**
 * Applies one event; its writes go through `tx`, the transaction that also records the event in
 * the inbox — shared with the other events of its batch, applied before it in stream order. It
 * throws to refuse the event: the batch is then rolled back and each of its events applied alone.
 */
export type EventHandler = (event: EventEnvelope, tx: SqlCaller) => Promise<void>;

/**
 * Applies the events of a batch at once (set-based: a few statements for all of them), in stream
 * order, through `tx`, the transaction that records them in the inbox. It gets only the events
 * claimed now (redeliveries already applied are left out). When it throws, the batch is rolled
 * back and each event is applied alone by the `EventHandler`, which must have the same effect.
 */
export type BatchEventHandler = (events: readonly EventEnvelope[], tx: SqlCaller) => Promise<void>;

export interface EventConsumerOptions {
  nc: NatsConnection;
  db: Database;
  /** The consuming service's schema, holding `<schema>.inbox` and `claim_inbox_batch`. */
  schema: string;
  /** The consuming service. */
  service: ServiceName;
  prefix: string;
  /** Durable name, `<service>-<purpose>`. */
  name: string;
  /** The producing service's stream, `serviceStreamName(prefix, producer)`. */
  stream: string;
  /** One subject filter (nats-server 2.9 allows only one per consumer); the whole stream when absent. */
  filterSubject?: string;
  handler: EventHandler;
  /** Applies a batch in one go; absent, `handler` is run for each of its events in turn. */
  batchHandler?: BatchEventHandler;
  /** Deliveries before an event whose handler keeps failing goes to the dead-letter subject; default 5. */
  maxDeliver?: number;
  /**
   * Wait before the redelivery after a handler error, by failed delivery (the last step repeats);
   * at most maxDeliver - 1 steps. Default 5 s, 30 s, 2 min, 10 min.
   */
  backoffMs?: number[];
  /** How long JetStream waits for an ack before redelivering to another replica; default 10 s. */
  ackWaitMs?: number;
  /** Events applied in one transaction at most; default 100. */
  batchSize?: number;
  /** false: events are applied without the inbox or a transaction (see DurableOptions.inbox). */
  inbox?: boolean;
  /** Waits between in-place retries while the database or NATS is unavailable, and between restarts. */
  infrastructureRetry?: CappedBackoff;
  /** How often the consumer's pending counts are read from JetStream for the metrics; default 5 s. */
  pendingSampleMs?: number;
  /** How often inbox rows older than the stream's retention are purged; default 1 h, 0 never. */
  inboxPurgeIntervalMs?: number;
  logger: Logger;
  metrics: Metrics;
}
