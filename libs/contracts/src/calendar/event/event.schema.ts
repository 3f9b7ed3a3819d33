import { z } from 'zod';
import { dataField, isoTimestamp, uuid } from '../../common/schemas';

export const EVENT_TITLE_MAX = 200;
export const EVENT_DESCRIPTION_MAX = 8000;
export const EVENT_LOCATION_MAX = 500;
/** The widest `from`..`to` window of a range query. */
export const EVENT_RANGE_MAX_DAYS = 366;
/**
 * The years every instant of the calendar lies in (UTC year of startsAt, endsAt, exdates, an
 * occurrence, UNTIL, a range's from/to; the year of an all-day date): recurrence never runs past
 * the end of EVENT_YEAR_MAX, so no rule or query can ask for centuries of expansion.
 */
export const EVENT_YEAR_MIN = 1900;
export const EVENT_YEAR_MAX = 2199;
/** The most occurrences a bounded series (COUNT) may have. */
export const RRULE_COUNT_MAX = 5000;
/** The largest INTERVAL of a rule (INTERVAL=0 is refused). */
export const RRULE_INTERVAL_MAX = 1000;
/** The longest occurrence of a recurring event (endsAt − startsAt). */
export const EVENT_SERIES_DURATION_MAX_DAYS = 366;
/** The most occurrences one range answer carries; a range holding more is refused (ask a smaller one). */
export const EVENT_LIST_MAX_OCCURRENCES = 2000;
/**
 * The most bytes of JSON one range answer carries (apps' `data` included), below NATS's default
 * 1 MiB message size; a range whose answer would be larger is refused (ask a smaller one).
 */
export const EVENT_LIST_MAX_BYTES = 768 * 1024;
/** The most edited or cancelled occurrences (exceptions) one series keeps. */
export const EVENT_EXCEPTIONS_MAX = 500;

export const eventTitle = z.string().trim().min(1).max(EVENT_TITLE_MAX);
export const eventDescription = z.string().max(EVENT_DESCRIPTION_MAX);
export const eventLocation = z.string().max(EVENT_LOCATION_MAX);
export const eventVisibility = z.enum(['village', 'busy']);
export type EventVisibility = z.output<typeof eventVisibility>;
export const attendanceStatus = z.enum(['yes', 'no', 'maybe']);
export type AttendanceStatus = z.output<typeof attendanceStatus>;

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
};

/** An IANA time zone name (`Europe/Berlin`), as Intl knows it. */
export const timeZone = z.string().max(64).refine(isTimeZone, 'an IANA time zone, e.g. Europe/Berlin');

const YEARS = `a time in the years ${EVENT_YEAR_MIN}–${EVENT_YEAR_MAX}`;
/** Whether a year lies in the calendar's years. */
export const isCalendarYear = (year: number): boolean => year >= EVENT_YEAR_MIN && year <= EVENT_YEAR_MAX;

/** An instant (ISO 8601 with offset) in the calendar's years (UTC). */
export const calendarInstant = isoTimestamp.refine(
  (value) => isCalendarYear(new Date(value).getUTCFullYear()),
  YEARS,
);

/** A calendar date `YYYY-MM-DD` (all-day events). */
export const calendarDate = z.iso.date();

/**
 * `startsAt` / `endsAt` as answered: an instant (ISO 8601 with offset) for a timed event, a date
 * (`YYYY-MM-DD`) for an all-day event, where `endsAt` is exclusive (RFC 5545 DTEND: a one-day
 * event on 2026-05-01 ends 2026-05-02).
 */
export const eventTime = z.union([isoTimestamp, calendarDate]);

/** `startsAt` / `endsAt` as a request gives them: an `eventTime` in the calendar's years. */
export const eventTimeInput = eventTime.refine(
  (value) =>
    isCalendarYear(
      /^\d{4}-\d{2}-\d{2}$/.test(value) ? Number(value.slice(0, 4)) : new Date(value).getUTCFullYear(),
    ),
  YEARS,
);

/** An RFC 5545 RRULE without DTSTART (`FREQ=WEEKLY;BYDAY=MO`, an `RRULE:` prefix allowed). */
export const rruleText = z.string().trim().min(1).max(1000);

/** The body of `POST /v1/villages/{villageId}/events`. */
export const eventFields = z.strictObject({
  title: eventTitle,
  description: eventDescription.optional(),
  location: eventLocation.optional(),
  startsAt: eventTimeInput,
  endsAt: eventTimeInput,
  allDay: z.boolean().optional(),
  timeZone,
  rrule: rruleText.nullable().optional(),
  /** Original starts (ISO instants) of occurrences the series skips. */
  exdates: z.array(calendarInstant).max(1000).optional(),
  visibility: eventVisibility.optional(),
  data: dataField.optional(),
});
export type EventFields = z.output<typeof eventFields>;

/** The body of `PATCH /v1/events/{id}` (the series, or one occurrence with `?occurrence=`). */
export const eventPatch = z
  .strictObject({
    title: eventTitle.optional(),
    description: eventDescription.optional(),
    location: eventLocation.optional(),
    startsAt: eventTimeInput.optional(),
    endsAt: eventTimeInput.optional(),
    allDay: z.boolean().optional(),
    timeZone: timeZone.optional(),
    rrule: rruleText.nullable().optional(),
    exdates: z.array(calendarInstant).max(1000).optional(),
    visibility: eventVisibility.optional(),
    data: dataField.optional(),
    /** With `?occurrence=` only: cancels that occurrence. */
    cancelled: z.literal(true).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });
export type EventPatch = z.output<typeof eventPatch>;

/** `?occurrence=<original start>` of `PATCH /v1/events/{id}`. */
export const eventPatchQuery = z.strictObject({ occurrence: calendarInstant.optional() });

export const attendanceCounts = z.object({
  yes: z.number().int().nonnegative(),
  no: z.number().int().nonnegative(),
  maybe: z.number().int().nonnegative(),
});
export type AttendanceCounts = z.output<typeof attendanceCounts>;

/** One occurrence's override of a recurring event (keyed by its original start). */
export const eventException = z.object({
  originalStart: isoTimestamp,
  cancelled: z.boolean(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  location: z.string().nullable(),
  startsAt: eventTime.nullable(),
  endsAt: eventTime.nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type EventException = z.output<typeof eventException>;

/** An event (a series when it has an rrule) as its creator, an admin or any member of a `village` event sees it. */
export const calendarEventDetails = z.object({
  id: uuid,
  villageId: uuid,
  busy: z.literal(false),
  createdBy: uuid,
  title: z.string(),
  description: z.string(),
  location: z.string(),
  startsAt: eventTime,
  endsAt: eventTime,
  allDay: z.boolean(),
  timeZone: z.string(),
  rrule: z.string().nullable(),
  exdates: z.array(isoTimestamp),
  exceptions: z.array(eventException),
  visibility: eventVisibility,
  cancelled: z.boolean(),
  data: z.record(z.string(), z.unknown()),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});

/** A `busy` event as other members see it: when, never what. */
export const calendarEventBusy = z.object({
  id: uuid,
  villageId: uuid,
  busy: z.literal(true),
  startsAt: eventTime,
  endsAt: eventTime,
  allDay: z.boolean(),
  timeZone: z.string(),
  rrule: z.string().nullable(),
  exdates: z.array(isoTimestamp),
  cancelled: z.boolean(),
});

export const calendarEvent = z.discriminatedUnion('busy', [calendarEventDetails, calendarEventBusy]);
export type CalendarEvent = z.output<typeof calendarEvent>;

/** One occurrence in a range: a single event, or one instance of a series (exceptions applied). */
export const eventOccurrenceDetails = z.object({
  id: uuid,
  villageId: uuid,
  busy: z.literal(false),
  /** The occurrence's start before any exception moved it (its key for `?occurrence=` and RSVPs). */
  originalStart: isoTimestamp,
  startsAt: eventTime,
  endsAt: eventTime,
  allDay: z.boolean(),
  timeZone: z.string(),
  recurring: z.boolean(),
  /** Whether an exception changed this occurrence. */
  modified: z.boolean(),
  createdBy: uuid,
  title: z.string(),
  description: z.string(),
  location: z.string(),
  visibility: eventVisibility,
  data: z.record(z.string(), z.unknown()),
  attendance: attendanceCounts,
  myStatus: attendanceStatus.nullable(),
});

/** A `busy` occurrence as other members see it. */
export const eventOccurrenceBusy = z.object({
  id: uuid,
  villageId: uuid,
  busy: z.literal(true),
  originalStart: isoTimestamp,
  startsAt: eventTime,
  endsAt: eventTime,
  allDay: z.boolean(),
});

export const eventOccurrence = z.discriminatedUnion('busy', [eventOccurrenceDetails, eventOccurrenceBusy]);
export type EventOccurrence = z.output<typeof eventOccurrence>;

/** The fields every calendar_event event carries. */
export const calendarEventEventFields = {
  eventId: uuid,
  villageId: uuid,
  createdBy: uuid,
  title: z.string(),
  startsAt: isoTimestamp,
  endsAt: isoTimestamp,
  allDay: z.boolean(),
  timeZone: z.string(),
  rrule: z.string().nullable(),
  visibility: eventVisibility,
};

/** The occurrence an event names when one occurrence changed (null: the whole series). */
export const occurrenceChange = z
  .object({
    originalStart: isoTimestamp,
    cancelled: z.boolean(),
    startsAt: isoTimestamp.nullable(),
    endsAt: isoTimestamp.nullable(),
  })
  .nullable();

export const EVENT_FIELDS = [
  'title',
  'description',
  'location',
  'startsAt',
  'endsAt',
  'allDay',
  'timeZone',
  'rrule',
  'exdates',
  'visibility',
  'data',
] as const;
