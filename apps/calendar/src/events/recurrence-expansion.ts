import { EVENT_YEAR_MAX } from '@vv/contracts';
import { civilFromDays, daysFromCivil, monthLength, weekdayOf, yearLength } from './civil-date';
import type { RecurrenceRule, RuleFrequency } from './recurrence-rule';

// Module-level bindings: a global lookup per call costs more than the arithmetic in a sandboxed VM (jest).
const { ceil, floor, max, min } = Math;

/**
 * The expander: a rule's occurrences as floating times (wall-clock digits as UTC milliseconds),
 * in work proportional to the days asked for. It walks the rule's periods (a day, week, month or
 * year, every INTERVAL-th) from the first period that reaches the window — computed, not iterated
 * to — and keeps each period's days that match every BYxxx part (RFC 5545's expand/limit table as a
 * per-day test, as rrule and python-dateutil run it), then BYSETPOS and the time of day. Skipping
 * whole periods is exact for every rule but COUNT, which must be counted from the first period;
 * a series whose last start is known (stored at write) runs as if bounded by UNTIL instead.
 * Nothing runs past the end of the calendar's years, so even a rule that never matches costs only
 * the days it is asked about.
 */

export const DAY_MS = 86_400_000;

/** The last floating time any occurrence may have: the end of the calendar's last year. */
export const CALENDAR_END_FLOATING = Date.UTC(EVENT_YEAR_MAX + 1, 0, 1) - 1;

/** Where expansion work is counted: one step per candidate day examined. */
export interface ExpansionWork {
  spend(steps: number): void;
}

/** A rule bound to its series' first start, with RFC 5545's defaults taken from it. */
export interface SeriesPlan {
  freq: RuleFrequency;
  interval: number;
  /** The first start (floating); nothing earlier is an occurrence. */
  dtstart: number;
  /** The latest start an occurrence may have (floating, inclusive): UNTIL, the known last start, the calendar's end. */
  last: number;
  /** COUNT, when it must be counted from the first period (its last start is not known). */
  count: number | null;
  byMonth: number[];
  byYearDay: number[];
  byMonthDay: number[];
  byWeekday: number[];
  byNthWeekday: Array<[number, number]>;
  /** Whether a numbered weekday counts within its month (else within its year). */
  nthInMonth: boolean;
  bySetPos: number[];
  /** Times of day (milliseconds), ascending. */
  times: number[];
  startDay: number;
  /** The day number where the first period's week starts (WKST). */
  weekStart: number;
  /** year × 12 + month − 1 of the first start. */
  monthIndex: number;
  year: number;
}

const uniqueSorted = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);

/** The plan of `rule` for a series first starting at `dtstart` (floating), ending at `last` at the latest. */
export function planSeries(
  rule: RecurrenceRule,
  dtstart: number,
  last: number,
  countFromStart: boolean,
): SeriesPlan {
  const startDay = floor(dtstart / DAY_MS);
  const start = civilFromDays(startDay);
  const weekday = weekdayOf(startDay);
  let { byMonth, byMonthDay, byWeekday } = rule;
  // Without a day-level part, the series repeats DTSTART's day (rrule's and dateutil's defaults).
  if (!rule.byYearDay.length && !byMonthDay.length && !byWeekday.length && !rule.byNthWeekday.length) {
    if (rule.freq === 'YEARLY') {
      byMonth = byMonth.length ? byMonth : [start.month];
      byMonthDay = [start.day];
    } else if (rule.freq === 'MONTHLY') {
      byMonthDay = [start.day];
    } else if (rule.freq === 'WEEKLY') {
      byWeekday = [weekday];
    }
  }
  const ofDay = dtstart - startDay * DAY_MS;
  const millis = ofDay % 1000;
  const hours = rule.byHour.length ? rule.byHour : [floor(ofDay / 3_600_000)];
  const minutes = rule.byMinute.length ? rule.byMinute : [floor(ofDay / 60_000) % 60];
  const seconds = rule.bySecond.length ? rule.bySecond : [floor(ofDay / 1000) % 60];
  const times = hours.flatMap((h) =>
    minutes.flatMap((m) => seconds.map((s) => h * 3_600_000 + m * 60_000 + s * 1000 + millis)),
  );
  return {
    freq: rule.freq,
    interval: rule.interval,
    dtstart,
    last: min(last, CALENDAR_END_FLOATING),
    count: countFromStart ? rule.count : null,
    byMonth: uniqueSorted(byMonth),
    byYearDay: rule.byYearDay,
    byMonthDay,
    byWeekday,
    byNthWeekday: rule.byNthWeekday,
    nthInMonth: rule.freq === 'MONTHLY' || rule.byMonth.length > 0,
    bySetPos: rule.bySetPos,
    times: uniqueSorted(times),
    startDay,
    weekStart: startDay - ((weekday - rule.wkst + 7) % 7),
    monthIndex: start.year * 12 + start.month - 1,
    year: start.year,
  };
}

/** Period k's days: [first, end) as day numbers. The first week starts at DTSTART's day (as rrule's). */
function periodBounds(plan: SeriesPlan, k: number): [number, number] {
  const step = plan.interval * k;
  switch (plan.freq) {
    case 'DAILY':
      return [plan.startDay + step, plan.startDay + step + 1];
    case 'WEEKLY':
      return k === 0
        ? [plan.startDay, plan.weekStart + 7]
        : [plan.weekStart + 7 * step, plan.weekStart + 7 * step + 7];
    case 'MONTHLY': {
      const index = plan.monthIndex + step;
      const year = floor(index / 12);
      const month = index - year * 12 + 1;
      const first = daysFromCivil(year, month, 1);
      return [first, first + monthLength(year, month)];
    }
    case 'YEARLY': {
      const year = plan.year + step;
      const first = daysFromCivil(year, 1, 1);
      return [first, first + yearLength(year)];
    }
  }
}

/** The first period whose days reach `day`: where expansion of a window starts. */
function firstPeriodReaching(plan: SeriesPlan, day: number): number {
  const n = plan.interval;
  switch (plan.freq) {
    case 'DAILY':
      return max(0, floor((day - plan.startDay - 1) / n) + 1);
    case 'WEEKLY':
      return max(0, floor((day - plan.weekStart - 7) / (7 * n)) + 1);
    case 'MONTHLY': {
      const { year, month } = civilFromDays(day);
      return max(0, ceil((year * 12 + month - 1 - plan.monthIndex) / n));
    }
    case 'YEARLY':
      return max(0, ceil((civilFromDays(day).year - plan.year) / n));
  }
}

/** Whether a day passes every BYxxx part of the plan. */
function matches(plan: SeriesPlan, day: number): boolean {
  const { year, month, day: monthDay } = civilFromDays(day);
  if (plan.byMonth.length && !plan.byMonth.includes(month)) return false;
  if (plan.byYearDay.length) {
    const yearDay = day - daysFromCivil(year, 1, 1);
    if (!plan.byYearDay.includes(yearDay + 1) && !plan.byYearDay.includes(yearDay - yearLength(year)))
      return false;
  }
  if (plan.byMonthDay.length) {
    const fromEnd = monthDay - monthLength(year, month) - 1;
    if (!plan.byMonthDay.includes(monthDay) && !plan.byMonthDay.includes(fromEnd)) return false;
  }
  const weekday = weekdayOf(day);
  if (plan.byWeekday.length && !plan.byWeekday.includes(weekday)) return false;
  if (plan.byNthWeekday.length) {
    const [scopeStart, scopeLength] = plan.nthInMonth
      ? [day - monthDay + 1, monthLength(year, month)]
      : [daysFromCivil(year, 1, 1), yearLength(year)];
    const position = day - scopeStart;
    const fromStart = floor(position / 7) + 1;
    const fromEnd = -(floor((scopeLength - 1 - position) / 7) + 1);
    if (!plan.byNthWeekday.some(([w, n]) => w === weekday && (n === fromStart || n === fromEnd)))
      return false;
  }
  return true;
}

/**
 * Calls `each` with the days of [first, end) that match, in order, until it returns false (then
 * returns false). A yearly rule with BYMONTH examines only those months.
 */
function eachMatchingDay(
  plan: SeriesPlan,
  first: number,
  end: number,
  work: ExpansionWork,
  each: (day: number) => boolean,
): boolean {
  if (plan.freq !== 'YEARLY' || !plan.byMonth.length) return examineDays(plan, first, end, work, each);
  const { year } = civilFromDays(first);
  return plan.byMonth.every((month) => {
    const monthStart = daysFromCivil(year, month, 1);
    return examineDays(plan, monthStart, monthStart + monthLength(year, month), work, each);
  });
}

function examineDays(
  plan: SeriesPlan,
  from: number,
  to: number,
  work: ExpansionWork,
  each: (day: number) => boolean,
): boolean {
  work.spend(to - from);
  for (let day = from; day < to; day++) if (matches(plan, day) && !each(day)) return false;
  return true;
}

/** The BYSETPOS positions among a period's matching days × times (floating), ascending. */
function setPositions(plan: SeriesPlan, days: number[]): number[] {
  const { times } = plan;
  const starts = new Set<number>();
  for (const position of plan.bySetPos) {
    const dayPosition = position > 0 ? floor((position - 1) / times.length) : floor(position / times.length);
    const timePosition =
      (((position > 0 ? position - 1 : position) % times.length) + times.length) % times.length;
    const day = days.at(dayPosition);
    if (day !== undefined) starts.add(day * DAY_MS + times[timePosition]);
  }
  return uniqueSorted([...starts]);
}

/**
 * A walk through a series' starts in [from, to]: where it is (the next period, the occurrences
 * counted so far), so that it can stop after some work and go on later. It starts at the first
 * period reaching `from` (the first period when COUNT must be counted).
 */
export interface SeriesWalk {
  readonly plan: SeriesPlan;
  readonly from: number;
  readonly to: number;
  period: number;
  counted: number;
  done: boolean;
}

export function startWalk(plan: SeriesPlan, from: number, to: number): SeriesWalk {
  const period = plan.count === null ? firstPeriodReaching(plan, floor(from / DAY_MS)) : 0;
  return { plan, from, to, period, counted: 0, done: false };
}

/**
 * Walks on, calling `visit` with each start (floating) in order until it returns false, and
 * stops at a period's end once `maxDays` days have been examined. Returns whether the walk is
 * done. Its work is the days of the periods it passes, never beyond `to` or the series' last start.
 */
export function walkOn(
  walk: SeriesWalk,
  work: ExpansionWork,
  visit: (start: number) => boolean,
  maxDays = Infinity,
): boolean {
  const { plan, from, to } = walk;
  const lastDay = floor(min(to, plan.last) / DAY_MS);
  /** Whether to go on after `start`. */
  const emit = (start: number): boolean => {
    if (start > plan.last || start > to) return false;
    if (start < plan.dtstart) return true;
    walk.counted++;
    if (start >= from && !visit(start)) return false;
    return plan.count === null || walk.counted < plan.count;
  };
  const emitDay = (day: number): boolean => plan.times.every((time) => emit(day * DAY_MS + time));
  // Days of the periods passed (a slice's measure; the work itself is counted where days are examined).
  let passed = 0;
  while (!walk.done && passed < maxDays) {
    const [first, end] = periodBounds(plan, walk.period++);
    passed += end - first;
    if (first > lastDay) walk.done = true;
    else if (!plan.bySetPos.length) walk.done = !eachMatchingDay(plan, first, end, work, emitDay);
    else {
      const days: number[] = [];
      eachMatchingDay(plan, first, end, work, (day) => days.push(day) > 0);
      walk.done = !setPositions(plan, days).every(emit);
    }
  }
  return walk.done;
}

/** Calls `visit` with each start (floating) of the series in [from, to], in order, until it returns false. */
export function visitStarts(
  plan: SeriesPlan,
  from: number,
  to: number,
  work: ExpansionWork,
  visit: (start: number) => boolean,
): void {
  walkOn(startWalk(plan, from, to), work, visit);
}
