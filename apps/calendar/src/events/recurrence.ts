import { parseRrule, RecurrenceError, storedRule, type RecurrenceRule } from './recurrence-rule';
import { unpaced, type Pacer } from './expansion-pacer';
import { DAY_MS, planSeries, startWalk, walkOn, type SeriesPlan } from './recurrence-expansion';
import { prepareZone, zoneOffset } from './zone-offsets';

export { parseRrule, RecurrenceError } from './recurrence-rule';

/**
 * Recurrence, pure: RRULE expansion in an event's time zone, wall-clock time kept across DST.
 *
 * Rules run on "floating" times: a local wall-clock time is encoded as the UTC instant with the
 * same digits (09:00 Europe/Berlin → 09:00Z), expanded (recurrence-expansion.ts), then each result
 * is mapped back to the real instant in the zone. So a weekly 09:00 stays 09:00 local when the UTC
 * offset changes. The feed reuses these functions.
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
  /**
   * The original start of the series' last occurrence, stored at write for a bounded series (COUNT
   * or UNTIL): a COUNT series then expands any window without counting from its first occurrence.
   */
  lastStart?: string | null;
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

/** The wall-clock time of an instant in a zone, as a floating instant (its digits in UTC). */
export const toFloating = (instant: Date, timeZone: string): Date =>
  new Date(instant.getTime() + zoneOffset(instant.getTime(), timeZone));

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
  const before = wall - offsetAt(wall - DAY_MS);
  const after = wall - offsetAt(wall + DAY_MS);
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

/** The plan of a series under `rule`: its first start, and its last start (UNTIL, the stored last start). */
function planOf(event: RecurringEvent, rule: RecurrenceRule): SeriesPlan {
  const floating = (instant: Date): number => toFloating(instant, event.timeZone).getTime();
  const known = event.lastStart ? floating(new Date(event.lastStart)) : null;
  const until = rule.until ? floating(rule.until) : null;
  return planSeries(
    rule,
    floating(new Date(event.startsAt)),
    Math.min(until ?? Infinity, known ?? Infinity),
    known === null,
  );
}

/** Days a walk examines between pauses (a turn for the event loop when the pacer says so). */
const WALK_SLICE_DAYS = 256;

/** Walks the series' starts in [from, to] (floating), calling `visit` with each until it returns false. */
async function walk(
  plan: SeriesPlan,
  from: number,
  to: number,
  pacer: Pacer,
  visit: (start: number) => boolean,
) {
  const state = startWalk(plan, from, to);
  while (!walkOn(state, pacer, visit, WALK_SLICE_DAYS)) await pacer.pause();
}

/**
 * Makes the zone offsets a series needs around [from, to] (and at its first start) ahead of a
 * walk, with a turn for the event loop after each zone-year made (each asks Intl a year of days).
 */
const prepareOffsets = async (
  event: RecurringEvent,
  from: number,
  to: number,
  pacer: Pacer,
): Promise<void> => {
  const first = new Date(event.startsAt).getTime();
  const made = () => pacer.turn();
  await prepareZone(event.timeZone, first, first, made);
  await prepareZone(event.timeZone, from, to, made);
};

/** The rule a stored series runs by; undefined for a single event or a rule the calendar cannot run. */
const ruleOf = (event: RecurringEvent): RecurrenceRule | undefined =>
  event.rrule ? storedRule(event.rrule) : undefined;

/** An occurrence's end from its start: the same duration, or for all-day events the same days. */
function endFor(event: RecurringEvent, start: Date): Date {
  const duration = new Date(event.endsAt).getTime() - new Date(event.startsAt).getTime();
  if (!event.allDay) return new Date(start.getTime() + duration);
  const days = Math.round(
    (toFloating(new Date(event.endsAt), event.timeZone).getTime() -
      toFloating(new Date(event.startsAt), event.timeZone).getTime()) /
      DAY_MS,
  );
  return fromFloating(new Date(toFloating(start, event.timeZone).getTime() + days * DAY_MS), event.timeZone);
}

/** What a write stores of a series: its span's upper bound and its last start (null: open-ended). */
export interface SeriesBounds {
  spanEnd: string | null;
  lastStart: string | null;
}

/**
 * The bounds of a series to store, checked to have an occurrence (a rule that never matches is
 * refused). A single event ends at its end. A bounded series (COUNT, UNTIL) is walked to its last
 * occurrence; an open-ended one (span upper unbounded) only to its first. Bounded work: the walk
 * never passes the end of the calendar's years.
 */
export async function seriesBounds(event: RecurringEvent, pacer: Pacer = unpaced): Promise<SeriesBounds> {
  if (!event.rrule) return { spanEnd: event.endsAt, lastStart: null };
  const rule = parseRrule(event.rrule);
  const first = new Date(event.startsAt).getTime();
  await prepareOffsets(event, first, first, pacer);
  const plan = planOf({ ...event, lastStart: null }, rule);
  const bounded = rule.count !== null || rule.until !== null;
  let last: number | undefined;
  await walk(plan, plan.dtstart, plan.last, pacer, (start) => {
    last = start;
    return bounded;
  });
  if (last === undefined) throw new RecurrenceError('the rule has no occurrence in the calendar’s years');
  if (!bounded) return { spanEnd: null, lastStart: null };
  await prepareOffsets(event, last, last, pacer);
  const lastStart = fromFloating(new Date(last), event.timeZone);
  return { spanEnd: endFor(event, lastStart).toISOString(), lastStart: lastStart.toISOString() };
}

const iso = (value: string): string => new Date(value).toISOString();

/** Steps an occurrence costs besides the days examined: mapping it to an instant in its zone. */
export const OCCURRENCE_STEPS = 100;

/** An occurrence's times: its own, an exception's, or moved with the series' duration. */
function timesOf(
  event: RecurringEvent,
  originalStart: string,
  exception?: OccurrenceException,
): [Date, Date] {
  const start = exception?.startsAt ? new Date(exception.startsAt) : new Date(originalStart);
  if (exception?.endsAt) return [start, new Date(exception.endsAt)];
  if (!exception?.startsAt) return [start, endFor(event, start)];
  const original = new Date(originalStart);
  return [start, new Date(start.getTime() + endFor(event, original).getTime() - original.getTime())];
}

/**
 * The occurrences overlapping [from, to): a series expanded in its zone (wall-clock time kept),
 * exdates skipped, exceptions applied (a cancelled one dropped, a moved one at its new times and
 * included when its new times overlap the window). A single event is one occurrence, and so is a
 * stored series whose rule the calendar no longer runs. The work (days examined, occurrences made)
 * goes to `pacer`, which may refuse it and gives the event loop turns.
 */
export async function expandOccurrences(
  event: RecurringEvent,
  exceptions: readonly OccurrenceException[],
  from: Date,
  to: Date,
  pacer: Pacer = unpaced,
): Promise<Occurrence[]> {
  const byStart = new Map(exceptions.map((exception) => [iso(exception.originalStart), exception]));
  const skipped = new Set(event.exdates.map(iso));
  const overlaps = ([start, end]: [Date, Date]): boolean =>
    start.getTime() < to.getTime() && end.getTime() > from.getTime();
  const originals = new Set<string>();
  const rule = ruleOf(event);
  if (!rule) {
    pacer.spend(1);
    await prepareOffsets(event, new Date(event.startsAt).getTime(), new Date(event.endsAt).getTime(), pacer);
    originals.add(iso(event.startsAt));
  } else {
    const duration = Math.max(new Date(event.endsAt).getTime() - new Date(event.startsAt).getTime(), DAY_MS);
    // Floating bounds, widened by a day for offsets and by the duration for occurrences in progress.
    const [lower, upper] = [from.getTime() - duration - 2 * DAY_MS, to.getTime() + 2 * DAY_MS];
    await prepareOffsets(event, lower, upper, pacer);
    await walk(planOf(event, rule), lower, upper, pacer, (start) => {
      pacer.spend(OCCURRENCE_STEPS);
      originals.add(fromFloating(new Date(start), event.timeZone).toISOString());
      return true;
    });
    // Exceptions moved into the window from an original start outside it.
    for (const [key, exception] of byStart) {
      pacer.spend(1);
      if (!exception.startsAt || originals.has(key) || !overlaps(timesOf(event, key, exception))) continue;
      if (await isOccurrenceOf(event, key, pacer)) originals.add(key);
    }
  }

  const occurrences: Occurrence[] = [];
  for (const originalStart of originals) {
    if (skipped.has(originalStart)) continue;
    const exception = byStart.get(originalStart);
    if (exception?.cancelled) continue;
    const times = timesOf(event, originalStart, exception);
    if (!overlaps(times)) continue;
    occurrences.push({
      originalStart,
      startsAt: times[0].toISOString(),
      endsAt: times[1].toISOString(),
      ...(exception ? { exception } : {}),
    });
  }
  return occurrences.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** Whether `originalStart` is an occurrence of the series (exdated ones included). */
export async function isOccurrenceOf(
  event: RecurringEvent,
  originalStart: string,
  pacer: Pacer = unpaced,
): Promise<boolean> {
  const key = iso(originalStart);
  const rule = ruleOf(event);
  if (!rule) return key === iso(event.startsAt);
  const instant = new Date(key).getTime();
  await prepareOffsets(event, instant, instant, pacer);
  const floating = toFloating(new Date(key), event.timeZone).getTime();
  let found = false;
  await walk(planOf(event, rule), floating - 1, floating + 1, pacer, (start) => {
    pacer.spend(OCCURRENCE_STEPS);
    found = fromFloating(new Date(start), event.timeZone).toISOString() === key;
    return !found;
  });
  return found;
}
