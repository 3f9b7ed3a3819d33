import { Frequency, RRule, type Options } from 'rrule';

/**
 * Recurrence, pure: RRULE expansion in an event's time zone, wall-clock time kept across DST.
 *
 * rrule runs on "floating" times: a local wall-clock time is encoded as the UTC instant with the
 * same digits (09:00 Europe/Berlin → 09:00Z), expanded, then each result is mapped back to the
 * real instant in the zone. So a weekly 09:00 stays 09:00 local when the UTC offset changes.
 * The feed reuses these functions.
 */

/** The event fields expansion needs (instants as ISO strings; all-day: local midnights). */
export interface RecurringEvent {
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timeZone: string;
  rrule: string | null;
  /** Original starts (ISO instants) the series skips. */
  exdates: readonly string[];
}

/** A per-occurrence override (null fields keep the series' value). */
export interface OccurrenceException {
  originalStart: string;
  cancelled: boolean;
  startsAt: string | null;
  endsAt: string | null;
}

/** One occurrence: instants, plus the original start that keys exceptions and RSVPs. */
export interface Occurrence {
  originalStart: string;
  startsAt: string;
  endsAt: string;
  /** The exception applied, if any. */
  exception?: OccurrenceException;
}

/** Frequencies a series may use; sub-daily ones are refused (too many occurrences). */
const ALLOWED_FREQUENCIES = new Set<Frequency>([
  Frequency.DAILY,
  Frequency.WEEKLY,
  Frequency.MONTHLY,
  Frequency.YEARLY,
]);
/** The most occurrences a bounded series (COUNT) may have. */
export const RRULE_COUNT_MAX = 5000;

export class RecurrenceError extends Error {}

const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The wall-clock time of an instant in a zone, as a floating instant (its digits in UTC). */
export function toFloating(instant: Date, timeZone: string): Date {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return new Date(
    Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) +
      instant.getUTCMilliseconds(),
  );
}

/** The zone's UTC offset at `instant`, in minutes (east positive). */
export const offsetMinutes = (instant: Date, timeZone: string): number =>
  Math.round((toFloating(instant, timeZone).getTime() - instant.getTime()) / 60_000);

/**
 * The instant showing a floating wall-clock time in a zone. A time skipped by a DST gap moves
 * forward by the gap (02:30 → 03:30); an ambiguous one takes the earlier instant.
 */
export function fromFloating(floating: Date, timeZone: string): Date {
  const wall = floating.getTime();
  const offsetAt = (instant: number): number => toFloating(new Date(instant), timeZone).getTime() - instant;
  // The offsets a day before and after: at most one transition lies between them.
  const before = wall - offsetAt(wall - DAY);
  const after = wall - offsetAt(wall + DAY);
  const valid = [before, after].filter(
    (candidate) => toFloating(new Date(candidate), timeZone).getTime() === wall,
  );
  // Both valid: ambiguous (fall back) or no transition → the earlier; none valid: a gap → the
  // pre-transition offset, which lands after the gap.
  return new Date(valid.length > 0 ? Math.min(...valid) : before);
}

/** An all-day date `YYYY-MM-DD` → its local midnight in the zone (an ISO instant). */
export function dateToInstant(date: string, timeZone: string): string {
  return fromFloating(new Date(`${date}T00:00:00.000Z`), timeZone).toISOString();
}

/** An instant → its local date `YYYY-MM-DD` in the zone. */
export function instantToDate(instant: string, timeZone: string): string {
  return toFloating(new Date(instant), timeZone).toISOString().slice(0, 10);
}

const stripPrefix = (rrule: string): string => rrule.trim().replace(/^RRULE:/i, '');

/** Parses and checks an RRULE (no DTSTART, a daily or coarser FREQ, COUNT ≤ 5000); throws RecurrenceError. */
export function parseRrule(rrule: string): Partial<Options> {
  const text = stripPrefix(rrule);
  if (/[\r\n]|DTSTART|EXDATE|RDATE/i.test(text)) {
    throw new RecurrenceError('rrule: one RRULE line without DTSTART, EXDATE or RDATE');
  }
  let options: Partial<Options>;
  try {
    options = RRule.parseString(text);
    new RRule(options).toString();
  } catch (error) {
    throw new RecurrenceError(`rrule: ${error instanceof Error ? error.message : 'not an RFC 5545 RRULE'}`);
  }
  if (options.freq === undefined || !ALLOWED_FREQUENCIES.has(options.freq)) {
    throw new RecurrenceError('rrule: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY');
  }
  if (
    options.count !== undefined &&
    options.count !== null &&
    (options.count < 1 || options.count > RRULE_COUNT_MAX)
  ) {
    throw new RecurrenceError(`rrule: COUNT must be between 1 and ${RRULE_COUNT_MAX}`);
  }
  if (options.count && options.until) throw new RecurrenceError('rrule: COUNT and UNTIL exclude each other');
  return options;
}

/** The floating rule of a series: DTSTART is the first start's wall-clock time, UNTIL in local time too. */
function floatingRule(event: RecurringEvent, rrule: string): RRule {
  const options = parseRrule(rrule);
  return new RRule({
    ...options,
    dtstart: toFloating(new Date(event.startsAt), event.timeZone),
    until: options.until ? toFloating(options.until, event.timeZone) : null,
    tzid: null,
  });
}

/** An occurrence's end from its start: the same duration, or for all-day events the same days. */
function endFor(event: RecurringEvent, start: Date): Date {
  const duration = new Date(event.endsAt).getTime() - new Date(event.startsAt).getTime();
  if (!event.allDay) return new Date(start.getTime() + duration);
  const days = Math.round(
    (toFloating(new Date(event.endsAt), event.timeZone).getTime() -
      toFloating(new Date(event.startsAt), event.timeZone).getTime()) /
      DAY,
  );
  return fromFloating(new Date(toFloating(start, event.timeZone).getTime() + days * DAY), event.timeZone);
}

/**
 * The series' last end, or null when it never ends (no COUNT, no UNTIL): the upper bound of the
 * stored span. A single event's is its end.
 */
export function seriesEnd(event: RecurringEvent): string | null {
  if (!event.rrule) return event.endsAt;
  const options = parseRrule(event.rrule);
  if (!options.count && !options.until) return null;
  const rule = floatingRule(event, event.rrule);
  // UNTIL: the last occurrence at or before it (no array of the whole series); COUNT ≤ 5000.
  const last = options.until
    ? rule.before(toFloating(options.until, event.timeZone), true)
    : rule.all().at(-1);
  const start = last ? fromFloating(last, event.timeZone) : new Date(event.startsAt);
  return endFor(event, start).toISOString();
}

const iso = (value: string): string => new Date(value).toISOString();

/**
 * The occurrences overlapping [from, to): a series expanded in its zone (wall-clock time kept),
 * exdates skipped, exceptions applied (a cancelled one dropped, a moved one at its new times and
 * included when its new times overlap the window). A single event is one occurrence.
 */
export function expandOccurrences(
  event: RecurringEvent,
  exceptions: readonly OccurrenceException[],
  from: Date,
  to: Date,
): Occurrence[] {
  const byStart = new Map(exceptions.map((exception) => [iso(exception.originalStart), exception]));
  const skipped = new Set(event.exdates.map(iso));
  const originals: string[] = [];
  if (!event.rrule) {
    originals.push(iso(event.startsAt));
  } else {
    const rule = floatingRule(event, event.rrule);
    const duration = Math.max(new Date(event.endsAt).getTime() - new Date(event.startsAt).getTime(), DAY);
    // Floating bounds, widened by a day for offsets and by the duration for occurrences in progress.
    const lower = new Date(from.getTime() - duration - 2 * DAY);
    const upper = new Date(to.getTime() + 2 * DAY);
    for (const floating of rule.between(lower, upper, true)) {
      originals.push(fromFloating(floating, event.timeZone).toISOString());
    }
    // Exceptions moved into the window from an original start outside it.
    for (const exception of exceptions) {
      const key = iso(exception.originalStart);
      if (exception.startsAt && !originals.includes(key) && isOccurrenceOf(event, key)) originals.push(key);
    }
  }

  const occurrences: Occurrence[] = [];
  for (const originalStart of originals) {
    if (skipped.has(originalStart)) continue;
    const exception = byStart.get(originalStart);
    if (exception?.cancelled) continue;
    const start = exception?.startsAt ? new Date(exception.startsAt) : new Date(originalStart);
    const end = exception?.endsAt
      ? new Date(exception.endsAt)
      : exception?.startsAt
        ? new Date(
            start.getTime() +
              (endFor(event, new Date(originalStart)).getTime() - new Date(originalStart).getTime()),
          )
        : endFor(event, start);
    if (start.getTime() >= to.getTime() || end.getTime() <= from.getTime()) continue;
    occurrences.push({
      originalStart,
      startsAt: start.toISOString(),
      endsAt: end.toISOString(),
      ...(exception ? { exception } : {}),
    });
  }
  return occurrences.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** Whether `originalStart` is an occurrence of the series (exdated ones included). */
export function isOccurrenceOf(event: RecurringEvent, originalStart: string): boolean {
  const key = iso(originalStart);
  if (!event.rrule) return key === iso(event.startsAt);
  const rule = floatingRule(event, event.rrule);
  const floating = toFloating(new Date(key), event.timeZone).getTime();
  return rule
    .between(new Date(floating - 1), new Date(floating + 1), true)
    .some((candidate) => fromFloating(candidate, event.timeZone).toISOString() === key);
}
