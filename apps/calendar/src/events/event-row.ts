/** An exception as calendar's event functions return it (ISO instants). */
export interface ExceptionRow {
  originalStart: string;
  cancelled: boolean;
  title: string | null;
  description: string | null;
  location: string | null;
  startsAt: string | null;
  endsAt: string | null;
  data: Record<string, unknown> | null;
}

/** An event as calendar's event functions return it (camelCase, ISO instants; all-day: local midnights). */
export interface EventRow {
  id: string;
  villageId: string;
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
  data: Record<string, unknown>;
  cancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
  exceptions: ExceptionRow[];
  /** The series' last original start when stored (range queries only; see RecurringEvent). */
  lastStart?: string | null;
}

/** The key of an RSVP: a series' occurrence by its original start, a single event as a whole. */
export const SINGLE_EVENT_OCCURRENCE = '-infinity';

/** Attendance counts of one occurrence, with the caller's answer. */
export interface AttendanceCountRow {
  eventId: string;
  /** The ISO original start, null for a single event. */
  occurrenceStart: string | null;
  yes: number;
  no: number;
  maybe: number;
  myStatus: 'yes' | 'no' | 'maybe' | null;
}
