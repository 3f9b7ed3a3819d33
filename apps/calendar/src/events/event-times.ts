import { ServiceError } from '@vv/platform';
import { dateToInstant, parseRrule, RecurrenceError } from './recurrence';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An API time as stored: a date of an all-day event → its local midnight in the zone; an
 * instant of a timed event → ISO UTC. A date for a timed event, or an instant for an all-day
 * one, is invalid.
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

export function assertOrdered(startsAt: string, endsAt: string): void {
  if (new Date(endsAt).getTime() <= new Date(startsAt).getTime()) {
    throw ServiceError.invalid([{ field: 'endsAt', reason: 'must be after startsAt' }]);
  }
}

/** The RRULE normalised (no `RRULE:` prefix), or invalid. */
export function checkedRrule(rrule: string | null | undefined): string | null {
  if (rrule === null || rrule === undefined) return null;
  try {
    parseRrule(rrule);
  } catch (error) {
    if (error instanceof RecurrenceError)
      throw ServiceError.invalid([{ field: 'rrule', reason: error.message }]);
    throw error;
  }
  return rrule.trim().replace(/^RRULE:/i, '');
}
