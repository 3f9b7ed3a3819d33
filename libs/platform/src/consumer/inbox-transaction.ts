import type { EventEnvelope } from '@vv/contracts';
import type { Database } from '../db/database';
import { withRequestContext } from '../logging/logger';
import type { EventHandler } from './event-consumer-options';

/** What became of one event of a transaction: applied now, or found in the inbox (a redelivery). */
export interface InboxOutcome {
  applied: boolean;
  /** Time in the handler. */
  seconds: number;
}

/** Log lines of a handler carry the event's id, so they can be found from it. */
export const eventContext = (event: EventEnvelope): { requestId: string } => ({ requestId: event.id });

/**
 * Applies `events` in one transaction, in their order: claims the inbox rows of all of them in one
 * round trip, then runs the handler for each event claimed now (the same event twice, or an event
 * already in the inbox, is a duplicate). Commits when every handler has succeeded; any failure
 * rolls back every event's effect and inbox row, and is thrown.
 */
export function applyInOneTransaction(
  db: Database,
  inbox: { schema: string; consumer: string },
  handler: EventHandler,
  events: readonly EventEnvelope[],
): Promise<InboxOutcome[]> {
  return db.transaction(async (tx) => {
    const claimed = await tx.call<{ claimInboxBatch: string }>(`${inbox.schema}.claim_inbox_batch`, {
      consumer: inbox.consumer,
      eventIds: events.map((event) => event.id),
    });
    const unapplied = new Set(claimed.map((row) => row.claimInboxBatch));
    const outcomes: InboxOutcome[] = [];
    for (const event of events) {
      if (!unapplied.delete(event.id)) {
        outcomes.push({ applied: false, seconds: 0 });
        continue;
      }
      const started = process.hrtime.bigint();
      await withRequestContext(eventContext(event), () => handler(event, tx));
      outcomes.push({ applied: true, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    }
    return outcomes;
  });
}
