import { EVENT_RANGE_MAX_DAYS, EVENT_SERIES_DURATION_MAX_DAYS } from '@vv/contracts';
import { ServiceError } from '@vv/platform';
import { dateToInstant, parseRrule, RecurrenceError } from './recurrence';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * An API time as stored: a date of an all-day event → its local midnight in the zone; an
 * instant of a timed event → ISO UTC. A date for a timed event, or an instant for an all-day
 * one, is invalid. (The contract keeps both in the calendar's years.)
 */
export function toStoredTime(field: string, value: string, allDay: boolean, timeZone: string): string {
  const isDate = DATE.test(value);
  if (allDay !== isDate) {
    throw ServiceError.invalid([
      {
        field,
        reason: allDay ? 'an all-day event takes a date YYYY-MM-DD' : 'a timed event takes an ISO instant',
      },
    ]);
  }
  return isDate ? dateToInstant(value, timeZone) : new Date(value).toISOString();
}

/** endsAt after startsAt; a recurring event's occurrences last at most EVENT_SERIES_DURATION_MAX_DAYS. */
export function assertOrdered(startsAt: string, endsAt: string, recurring = false): void {
  const duration = new Date(endsAt).getTime() - new Date(startsAt).getTime();
  if (duration <= 0) throw ServiceError.invalid([{ field: 'endsAt', reason: 'must be after startsAt' }]);
  if (recurring && duration > EVENT_SERIES_DURATION_MAX_DAYS * DAY_MS) {
    throw ServiceError.invalid([
      {
        field: 'endsAt',
        reason: `an occurrence of a recurring event lasts at most ${EVENT_SERIES_DURATION_MAX_DAYS} days`,
      },
    ]);
  }
}

/** A range query's window [from, to): in order and at most EVENT_RANGE_MAX_DAYS long. */
export function checkedRange(from: string, to: string): [Date, Date] {
  const start = new Date(from);
  const end = new Date(to);
  if (end.getTime() <= start.getTime())
    throw ServiceError.invalid([{ field: 'to', reason: 'must be after from' }]);
  if (end.getTime() - start.getTime() > EVENT_RANGE_MAX_DAYS * DAY_MS) {
    throw ServiceError.invalid([
      { field: 'to', reason: `the range spans at most ${EVENT_RANGE_MAX_DAYS} days` },
    ]);
  }
  return [start, end];
}

/** `rrule` refused with the reason, for a RecurrenceError; other errors pass. */
export function rruleRefusal(error: unknown): unknown {
  return error instanceof RecurrenceError
    ? ServiceError.invalid([{ field: 'rrule', reason: error.message }])
    : error;
}

/** The RRULE normalised (no `RRULE:` prefix), or invalid. */
export function checkedRrule(rrule: string | null | undefined): string | null {
  if (rrule === null || rrule === undefined) return null;
  try {
    parseRrule(rrule);
  } catch (error) {
    throw rruleRefusal(error);
  }
  return rrule.trim().replace(/^RRULE:/i, '');
}
