import {
  ICalCalendar,
  ICalEventClass,
  ICalEventStatus,
  ICalEventTransparency,
  type ICalEventData,
} from 'ical-generator';
import type { FeedEventRow, FeedExceptionRow } from './feed-event-row';
import { vtimezone } from './vtimezone';
import { toFloating } from '../events/recurrence';
import { storedRule } from '../events/recurrence-rule';
import { prepareZone } from '../events/zone-offsets';

/** What a viewer who is not its creator sees of a `busy` event. */
export const BUSY_SUMMARY = 'Busy';

/** Years of VTIMEZONE observances after the feed's window starts (series may run on). */
const VTIMEZONE_YEARS_AHEAD = 10;

export interface FeedOptions {
  /** The member whose feed it is: they see their own busy events in full. */
  viewerId: string;
  /** The window's start: observances of each zone are written from its year on. */
  from: Date;
  /** Calendar name (X-WR-CALNAME). */
  name: string;
  /** VTIMEZONE blocks already made (vtimezoneBlocks), by zone; a missing one is made here. */
  timezones?: ReadonlyMap<string, string>;
}

/**
 * The VTIMEZONE blocks of the zones of timed events, for buildFeed: each zone's ten years of
 * offsets made a year at a time with a turn for the event loop in between.
 */
export async function vtimezoneBlocks(
  rows: readonly FeedEventRow[],
  from: Date,
): Promise<Map<string, string>> {
  const fromYear = from.getUTCFullYear();
  const blocks = new Map<string, string>();
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  for (const zone of new Set(rows.filter((row) => !row.allDay).map((row) => row.timeZone))) {
    await prepareZone(zone, Date.UTC(fromYear, 0, 1), Date.UTC(fromYear + VTIMEZONE_YEARS_AHEAD, 0, 1), turn);
    blocks.set(zone, vtimezone(zone, fromYear, fromYear + VTIMEZONE_YEARS_AHEAD));
    await turn();
  }
  return blocks;
}

const uidOf = (eventId: string): string => `${eventId}@virtual-village`;

/** `20260403T170000` (wall clock) or `20260403` (a date) for EXDATE lines. */
const icalStamp = (wall: Date, allDay: boolean): string =>
  wall
    .toISOString()
    .replace(/[-:]/g, '')
    .slice(0, allDay ? 8 : 15);

/** An all-day event's local midnight as a date-only (UTC-field) Date. */
const dateOf = (instant: Date, timeZone: string): Date => {
  const wall = toFloating(instant, timeZone);
  return new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()));
};

/** A time of the event as ical-generator takes it: the wall clock in the event's zone, or a date. */
const timeOf = (iso: string, row: FeedEventRow): Date =>
  row.allDay ? dateOf(new Date(iso), row.timeZone) : toFloating(new Date(iso), row.timeZone);

/** RRULE plus one EXDATE line per skipped occurrence (exdates and cancelled exceptions). */
function repeatingOf(row: FeedEventRow, rrule: string): string {
  const rule = rrule.replace(/^RRULE:/i, '').trim();
  const skipped = [
    ...new Set([
      ...row.exdates,
      ...row.exceptions
        .filter((exception) => exception.cancelled)
        .map((exception) => exception.originalStart),
    ]),
  ].sort();
  const exdates = skipped.map((iso) => {
    const stamp = icalStamp(timeOf(iso, row), row.allDay);
    return row.allDay ? `EXDATE;VALUE=DATE:${stamp}` : `EXDATE;TZID=${row.timeZone}:${stamp}`;
  });
  return [`RRULE:${rule}`, ...exdates].join('\n');
}

/** SUMMARY, DESCRIPTION, LOCATION and privacy: a busy event shows none of it to others. */
function detailsOf(
  row: FeedEventRow,
  viewerId: string,
  exception?: FeedExceptionRow,
): Pick<ICalEventData, 'summary' | 'description' | 'location' | 'class' | 'transparency'> {
  if (row.visibility === 'busy' && row.createdBy !== viewerId) {
    return {
      summary: BUSY_SUMMARY,
      class: ICalEventClass.PRIVATE,
      transparency: ICalEventTransparency.OPAQUE,
    };
  }
  const description = exception?.description ?? row.description;
  const location = exception?.location ?? row.location;
  return {
    summary: exception?.title ?? row.title,
    description: description || null,
    location: location || null,
    class: row.visibility === 'busy' ? ICalEventClass.PRIVATE : null,
    transparency: ICalEventTransparency.OPAQUE,
  };
}

/**
 * A village's events as an RFC 5545 calendar: a series is one VEVENT with its RRULE and EXDATEs
 * (exdates and cancelled occurrences), each edited occurrence a VEVENT with the series' UID and a
 * RECURRENCE-ID (its original start). Timed events carry `TZID=<their IANA zone>` with a
 * VTIMEZONE per zone, so clients keep their wall-clock time across daylight-saving changes;
 * all-day events are `VALUE=DATE`.
 */
export function buildFeed(rows: readonly FeedEventRow[], options: FeedOptions): string {
  const fromYear = options.from.getUTCFullYear();
  const zones = new Map<string, string>();
  const calendar = new ICalCalendar({
    name: options.name,
    prodId: { company: 'Virtual Village', product: 'Calendar', language: 'EN' },
    ttl: 60 * 60,
  });
  calendar.timezone({
    name: null,
    generator: (zone) => {
      let block = zones.get(zone) ?? options.timezones?.get(zone);
      if (block === undefined) {
        block = vtimezone(zone, fromYear, fromYear + VTIMEZONE_YEARS_AHEAD);
        zones.set(zone, block);
      }
      return block;
    },
  });

  for (const row of rows) {
    // A stored rule the calendar no longer runs is its first occurrence, as in the API.
    const rrule = row.rrule !== null && storedRule(row.rrule) ? row.rrule : null;
    const base = {
      id: uidOf(row.id),
      allDay: row.allDay,
      timezone: row.allDay ? null : row.timeZone,
      created: new Date(row.createdAt),
      lastModified: new Date(row.updatedAt),
      stamp: new Date(row.updatedAt),
      busystatus: null,
      status: ICalEventStatus.CONFIRMED,
    } satisfies Partial<ICalEventData>;
    calendar.createEvent({
      ...base,
      ...detailsOf(row, options.viewerId),
      start: timeOf(row.startsAt, row),
      end: timeOf(row.endsAt, row),
      repeating: rrule ? repeatingOf(row, rrule) : null,
    });
    if (!rrule) continue;
    const durationMs = new Date(row.endsAt).getTime() - new Date(row.startsAt).getTime();
    for (const exception of row.exceptions) {
      if (exception.cancelled) continue;
      const startsAt = exception.startsAt ?? exception.originalStart;
      const endsAt = exception.endsAt ?? new Date(new Date(startsAt).getTime() + durationMs).toISOString();
      calendar.createEvent({
        ...base,
        ...detailsOf(row, options.viewerId, exception),
        lastModified: new Date(exception.updatedAt),
        stamp: new Date(exception.updatedAt),
        start: timeOf(startsAt, row),
        end: timeOf(endsAt, row),
        recurrenceId: timeOf(exception.originalStart, row),
        // An all-day override's RECURRENCE-ID must be a DATE; see allDayRecurrenceIds.
        floating: row.allDay,
      });
    }
  }
  return allDayRecurrenceIds(calendar.toString());
}

/**
 * ical-generator writes RECURRENCE-ID as a DATE-TIME even for an all-day event; RFC 5545 wants the
 * value type of DTSTART. All-day overrides are written floating (`RECURRENCE-ID:20260330T000000`,
 * the only RECURRENCE-IDs without TZID), which this turns into `RECURRENCE-ID;VALUE=DATE:20260330`.
 */
const allDayRecurrenceIds = (ics: string): string =>
  ics.replace(/^RECURRENCE-ID:(\d{8})T000000\r$/gm, 'RECURRENCE-ID;VALUE=DATE:$1\r');
