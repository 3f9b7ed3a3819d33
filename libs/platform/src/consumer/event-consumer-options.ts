import type { NatsConnection } from '@nats-io/transport-node';
import type { EventEnvelope, ServiceName } from '@vv/contracts';
import type { Logger } from 'pino';
import type { Database, SqlCaller } from '../db/database';
import type { Metrics } from '../ops/metrics';

/** Applies one event; its writes go through `tx`, the transaction that also records the event in the inbox. */
export type EventHandler = (event: EventEnvelope, tx: SqlCaller) => Promise<void>;

export interface EventConsumerOptions {
  nc: NatsConnection;
  db: Database;
  /** The consuming service's schema, holding `<schema>.claim_inbox`. */
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
  /** Deliveries before the message goes to the dead-letter subject; default 5. */
  maxDeliver?: number;
  /** Wait before each redelivery after a failure; must have fewer steps than maxDeliver. */
  backoffMs?: number[];
  /** Ack wait when `backoffMs` is empty (JetStream uses `backoffMs[0]` otherwise); default 30 s. */
  ackWaitMs?: number;
  /** Messages pulled ahead of the one being handled; default 1. */
  maxMessages?: number;
  logger: Logger;
  metrics: Metrics;
}
