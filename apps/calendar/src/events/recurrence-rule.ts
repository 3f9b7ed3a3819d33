import {
  EVENT_YEAR_MAX,
  EVENT_YEAR_MIN,
  isCalendarYear,
  RRULE_COUNT_MAX,
  RRULE_INTERVAL_MAX,
} from '@vv/contracts';
import { Frequency, RRule, Weekday, type Options } from 'rrule';

/**
 * RRULEs as the calendar accepts and runs them. rrule (the library) parses the text; the rule is
 * then checked against the calendar's limits and normalised for the expander (recurrence-expansion.ts),
 * which runs it in bounded work. Weekdays are numbered Monday = 0 … Sunday = 6.
 */

export type RuleFrequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface RecurrenceRule {
  freq: RuleFrequency;
  interval: number;
  count: number | null;
  /** UNTIL as parsed (an instant; the series compares it in its local time). */
  until: Date | null;
  byMonth: number[];
  byYearDay: number[];
  byMonthDay: number[];
  /** Weekdays without an ordinal. */
  byWeekday: number[];
  /** [weekday, n]: the n-th such weekday of the month (or year), from the end when n < 0. */
  byNthWeekday: Array<[number, number]>;
  bySetPos: number[];
  byHour: number[];
  byMinute: number[];
  bySecond: number[];
  wkst: number;
}

export class RecurrenceError extends Error {}

const FREQUENCIES = new Map<Frequency, RuleFrequency>([
  [Frequency.DAILY, 'DAILY'],
  [Frequency.WEEKLY, 'WEEKLY'],
  [Frequency.MONTHLY, 'MONTHLY'],
  [Frequency.YEARLY, 'YEARLY'],
]);

/** The rule parts the calendar runs; BYWEEKNO, BYEASTER and sub-daily parts are not among them. */
const PARTS = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYMONTH',
  'BYYEARDAY',
  'BYMONTHDAY',
  'BYDAY',
  'BYSETPOS',
  'WKST',
  'BYHOUR',
  'BYMINUTE',
  'BYSECOND',
]);

const list = (value: number | number[] | null | undefined): number[] =>
  value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];

type ParsedWeekday = Weekday | number;

const weekdayNumber = (value: ParsedWeekday): number => (typeof value === 'number' ? value : value.weekday);

/** BYDAY as rrule parses it: weekdays, some with an ordinal (`n`). */
const weekdaysOf = (options: Partial<Options>): ParsedWeekday[] => {
  const value = options.byweekday as ParsedWeekday | ParsedWeekday[] | null | undefined;
  return value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
};

export const stripRrulePrefix = (rrule: string): string => rrule.trim().replace(/^RRULE:/i, '');

/** The rule as rrule parses it, and the names of its parts; throws RecurrenceError. */
function parseText(rrule: string): { options: Partial<Options>; parts: string[] } {
  const text = stripRrulePrefix(rrule);
  if (/[\r\n]|DTSTART|EXDATE|RDATE/i.test(text)) {
    throw new RecurrenceError('one RRULE line without DTSTART, EXDATE or RDATE');
  }
  try {
    const options = RRule.parseString(text);
    const parts = text.split(';').map((part) => part.split('=')[0].trim().toUpperCase());
    return { options, parts };
  } catch (error) {
    throw new RecurrenceError(error instanceof Error ? error.message : 'not an RFC 5545 RRULE');
  }
}

function normalise(options: Partial<Options>): RecurrenceRule | undefined {
  const freq = options.freq === undefined ? undefined : FREQUENCIES.get(options.freq);
  if (!freq) return undefined;
  const plain: number[] = [];
  const nth: Array<[number, number]> = [];
  for (const day of weekdaysOf(options)) {
    const n = typeof day === 'object' ? (day.n ?? 0) : 0;
    // An ordinal counts within a month or year only (as rrule and dateutil run it).
    if (n === 0 || freq === 'DAILY' || freq === 'WEEKLY') plain.push(weekdayNumber(day));
    else nth.push([weekdayNumber(day), n]);
  }
  return {
    freq,
    interval: options.interval ?? 1,
    count: options.count ?? null,
    until: options.until ?? null,
    byMonth: list(options.bymonth),
    byYearDay: list(options.byyearday),
    byMonthDay: list(options.bymonthday),
    byWeekday: plain,
    byNthWeekday: nth,
    bySetPos: list(options.bysetpos),
    byHour: list(options.byhour),
    byMinute: list(options.byminute),
    bySecond: list(options.bysecond),
    wkst: options.wkst === undefined || options.wkst === null ? 0 : weekdayNumber(options.wkst),
  };
}

const within = (values: number[], min: number, max: number, zero = false): boolean =>
  values.every((value) => Number.isInteger(value) && value >= min && value <= max && (zero || value !== 0));

/** What the calendar refuses in a parsed rule (a reason), or undefined when it runs it. */
function refusal(rule: RecurrenceRule, parts: string[], weekdays: ParsedWeekday[]): string | undefined {
  const unknown = parts.find((part) => !PARTS.has(part));
  if (unknown) return `${unknown} is not supported`;
  if (new Set(parts).size !== parts.length) return 'each rule part at most once';
  if (rule.interval < 1 || rule.interval > RRULE_INTERVAL_MAX || !Number.isInteger(rule.interval)) {
    return `INTERVAL must be between 1 and ${RRULE_INTERVAL_MAX}`;
  }
  if (rule.count !== null && (rule.count < 1 || rule.count > RRULE_COUNT_MAX)) {
    return `COUNT must be between 1 and ${RRULE_COUNT_MAX}`;
  }
  if (rule.count !== null && rule.until) return 'COUNT and UNTIL exclude each other';
  if (rule.until && !isCalendarYear(rule.until.getUTCFullYear())) {
    return `UNTIL must lie in the years ${EVENT_YEAR_MIN}–${EVENT_YEAR_MAX}`;
  }
  if (rule.byHour.length > 1 || rule.byMinute.length > 1 || rule.bySecond.length > 1) {
    return 'one time of day: BYHOUR, BYMINUTE and BYSECOND take one value each';
  }
  if (
    !within(rule.byHour, 0, 23, true) ||
    !within(rule.byMinute, 0, 59, true) ||
    !within(rule.bySecond, 0, 59, true)
  ) {
    return 'BYHOUR, BYMINUTE or BYSECOND out of range';
  }
  if (!within(rule.byMonth, 1, 12)) return 'BYMONTH must be 1 to 12';
  if (!within(rule.byMonthDay, -31, 31)) return 'BYMONTHDAY must be ±1 to ±31';
  if (!within(rule.byYearDay, -366, 366)) return 'BYYEARDAY must be ±1 to ±366';
  if (!within(rule.bySetPos, -366, 366)) return 'BYSETPOS must be ±1 to ±366';
  if (rule.byYearDay.length > 0 && rule.freq !== 'YEARLY') return 'BYYEARDAY needs FREQ=YEARLY';
  if (rule.byMonthDay.length > 0 && rule.freq === 'WEEKLY') return 'BYMONTHDAY does not go with FREQ=WEEKLY';
  const ordinals = weekdays.filter((day) => typeof day === 'object' && day.n);
  if (ordinals.length > 0 && (rule.freq === 'DAILY' || rule.freq === 'WEEKLY')) {
    return 'numbered BYDAY (e.g. 2MO) needs FREQ=MONTHLY or YEARLY';
  }
  if (ordinals.length > 0 && ordinals.length < weekdays.length) {
    return 'BYDAY takes all weekdays numbered or none';
  }
  const nthMax = rule.freq === 'MONTHLY' || rule.byMonth.length > 0 ? 5 : 53;
  if (rule.byNthWeekday.some(([, n]) => Math.abs(n) > nthMax))
    return `a BYDAY number must be ±1 to ±${nthMax}`;
  return undefined;
}

/**
 * A rule given by a client, checked against every limit the calendar sets (RRULE_* and the
 * calendar's years in contracts): FREQ DAILY to YEARLY, 1 ≤ INTERVAL ≤ 1000, COUNT ≤ 5000 or an
 * UNTIL in the calendar's years, one time of day, no BYWEEKNO/BYEASTER. Throws RecurrenceError.
 */
export function parseRrule(rrule: string): RecurrenceRule {
  const { options, parts } = parseText(rrule);
  const rule = normalise(options);
  if (!rule) throw new RecurrenceError('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY');
  const reason = refusal(rule, parts, weekdaysOf(options));
  if (reason) throw new RecurrenceError(reason);
  return rule;
}

/**
 * A stored rule, which may predate today's checks: undefined when it cannot run as the calendar
 * runs rules (its series then shows as its first occurrence only). An UNTIL past the calendar's
 * years needs no refusal: expansion never runs past them.
 */
export function storedRule(rrule: string): RecurrenceRule | undefined {
  try {
    const { options, parts } = parseText(rrule);
    const rule = normalise(options);
    if (!rule) return undefined;
    const reason = refusal({ ...rule, until: null, count: null }, parts, weekdaysOf(options));
    return reason ? undefined : rule;
  } catch {
    return undefined;
  }
}
