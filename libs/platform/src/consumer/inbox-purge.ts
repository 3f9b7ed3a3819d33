import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import type { ConsumerMetrics } from './consumer-metrics';

/**
 * How much longer than its stream keeps events an inbox row is kept (8 days for a 7-day stream):
 * an event older than the stream's max age is gone from it and can never be redelivered, so its
 * inbox row protects nothing; the day covers clock skew between NATS and PostgreSQL.
 */
export const INBOX_RETENTION_MARGIN_MS = 24 * 3600 * 1000;
/** Rows deleted per statement, so a large purge never holds one long transaction. */
const PURGE_STEP = 5000;

export interface InboxPurgeTarget {
  nc: NatsConnection;
  db: Database;
  schema: string;
  /** The durable consumer whose rows go. */
  consumer: string;
  /** Its stream, whose `max_age` bounds how long a row is needed. */
  stream: string;
  logger: Logger;
  metrics: ConsumerMetrics;
}

/**
 * Deletes the consumer's inbox rows processed longer ago than its stream's retention plus
 * INBOX_RETENTION_MARGIN_MS; nothing when the stream keeps events forever. Never throws: a failure
 * is logged and the next run tries again.
 */
export async function purgeInbox(target: InboxPurgeTarget): Promise<void> {
  const { db, schema, consumer, logger } = target;
  try {
    const jsm = await jetstreamManager(target.nc, { checkAPI: false });
    const maxAgeMs = (await jsm.streams.info(target.stream)).config.max_age / 1e6;
    if (!(maxAgeMs > 0)) return;
    const processedBefore = new Date(Date.now() - maxAgeMs - INBOX_RETENTION_MARGIN_MS).toISOString();
    let purged = 0;
    for (;;) {
      const { purgeInbox: rows } = await db.one<{ purgeInbox: number }>(`${schema}.purge_inbox`, {
        consumer,
        processedBefore,
        limit: PURGE_STEP,
      });
      purged += rows;
      if (rows < PURGE_STEP) break;
    }
    target.metrics.inboxPurged(purged);
    if (purged > 0) logger.info({ consumer, purged, processedBefore }, 'inbox rows purged');
  } catch (error) {
    logger.warn({ err: error, consumer }, 'inbox purge failed; the next run tries again');
  }
}
