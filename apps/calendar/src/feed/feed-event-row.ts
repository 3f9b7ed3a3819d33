import type { EventRow, ExceptionRow } from '../events/event-row';

/** One exception of a series as `calendar.list_feed_events` returns it (null: the series' value). */
export type FeedExceptionRow = Omit<ExceptionRow, 'data'> & { updatedAt: string };

/** An event of the feed as `calendar.list_feed_events` returns it: the event's fields minus the app's data. */
export type FeedEventRow = Omit<EventRow, 'villageId' | 'data' | 'cancelledAt' | 'exceptions'> & {
  exceptions: FeedExceptionRow[];
};
