import type { EventEnvelope } from '@vv/contracts';
import type { Database, SqlCaller } from '../db/database';
import { withRequestContext } from '../logging/logger';
import { requestContextOf } from '../outbox/envelope';
import type { BatchEventHandler, EventHandler } from './event-consumer-options';

/** What became of one event of a transaction: applied now, or found in the inbox (a redelivery). */
export interface InboxOutcome {
  applied: boolean;
  /** Time in the handler (a batch handler's time is shared out evenly). */
  seconds: number;
}

/** How a transaction applies its events: one at a time, or all at once when a batch handler is given. */
export interface InboxHandlers {
  handler: EventHandler;
  batchHandler?: BatchEventHandler;
}

/**
 * A handler runs under the request id (and trace) of the command that caused its event, so its log
 * lines and the events it writes tie back to that request; under the event's id when it has none.
 */
export const eventContext = requestContextOf;

const secondsSince = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;

/**
 * Applies `events` in one transaction, in their order: claims the inbox rows of all of them in one
 * round trip, then applies the events claimed now (the same event twice, or an event already in the
 * inbox, is a duplicate). Commits when every handler has succeeded; any failure rolls back every
 * event's effect and inbox row, and is thrown.
 */
export function applyInOneTransaction(
  db: Database,
  inbox: { schema: string; consumer: string },
  handlers: InboxHandlers,
  events: readonly EventEnvelope[],
): Promise<InboxOutcome[]> {
  return db.transaction(async (tx) => {
    const claimed = await tx.call<{ claimInboxBatch: string }>(`${inbox.schema}.claim_inbox_batch`, {
      consumer: inbox.consumer,
      eventIds: events.map((event) => event.id),
    });
    const unapplied = new Set(claimed.map((row) => row.claimInboxBatch));
    const fresh = events.map((event) => unapplied.delete(event.id));
    const toApply = events.filter((_, index) => fresh[index]);
    const seconds = await applyClaimed(handlers, toApply, tx);
    return fresh.map((applied) => ({ applied, seconds: applied ? seconds : 0 }));
  });
}

/** For a durable without an inbox (DurableOptions.inbox false): every event applied, on the plain database. */
export async function applyWithoutInbox(
  db: SqlCaller,
  handlers: InboxHandlers,
  events: readonly EventEnvelope[],
): Promise<InboxOutcome[]> {
  const seconds = await applyClaimed(handlers, events, db);
  return events.map(() => ({ applied: true, seconds }));
}

/** Applies the claimed events; the handler time per event. */
async function applyClaimed(
  { handler, batchHandler }: InboxHandlers,
  events: readonly EventEnvelope[],
  tx: SqlCaller,
): Promise<number> {
  if (events.length === 0) return 0;
  const started = process.hrtime.bigint();
  if (batchHandler && events.length > 1) {
    await batchHandler(events, tx);
  } else {
    for (const event of events) await withRequestContext(eventContext(event), () => handler(event, tx));
  }
  return secondsSince(started) / events.length;
}
