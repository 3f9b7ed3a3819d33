/** One exception of a series as `calendar.list_feed_events` returns it (null: the series' value). */
export interface FeedExceptionRow {
  originalStart: string;
  cancelled: boolean;
  title: string | null;
  description: string | null;
  location: string | null;
  startsAt: string | null;
  endsAt: string | null;
  updatedAt: string;
}

/** An event of the feed as `calendar.list_feed_events` returns it (camelCase, ISO timestamps). */
export interface FeedEventRow {
  id: string;
  createdBy: string;
  title: string;
  description: string;
  location: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timeZone: string;
  rrule: string | null;
  exdates: string[];
  visibility: 'village' | 'busy';
  createdAt: string;
  updatedAt: string;
  exceptions: FeedExceptionRow[];
}
