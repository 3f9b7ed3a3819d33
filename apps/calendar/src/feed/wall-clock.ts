const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
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
}

/**
 * The wall-clock time of `instant` in `timeZone`, as a Date whose UTC fields are that local time
 * (what ical-generator writes after `TZID=…:` and for `VALUE=DATE`).
 */
export function wallClock(instant: Date, timeZone: string): Date {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return new Date(
    Date.UTC(
      parts.year,
      parts.month - 1,
      parts.day,
      parts.hour,
      parts.minute,
      parts.second,
      instant.getUTCMilliseconds(),
    ),
  );
}

/** The zone's UTC offset at `instant`, in minutes (east positive). */
export const offsetMinutes = (instant: Date, timeZone: string): number =>
  Math.round((wallClock(instant, timeZone).getTime() - instant.getTime()) / 60_000);
