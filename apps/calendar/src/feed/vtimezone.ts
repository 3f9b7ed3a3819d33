import { offsetMinutes, toFloating } from '../events/recurrence';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

interface Transition {
  /** The first instant of the new offset. */
  at: Date;
  from: number;
  to: number;
}

const icalOffset = (minutes: number): string => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
};

const icalLocal = (date: Date): string => date.toISOString().replace(/[-:]/g, '').slice(0, 15);

/** The zone's offset changes in [from, to), found day by day and narrowed to the minute. */
export function transitionsOf(timeZone: string, from: Date, to: Date): Transition[] {
  const transitions: Transition[] = [];
  let previous = offsetMinutes(from, timeZone);
  for (let day = from.getTime() + DAY_MS; day < to.getTime() + DAY_MS; day += DAY_MS) {
    const offset = offsetMinutes(new Date(day), timeZone);
    if (offset === previous) continue;
    let low = day - DAY_MS;
    let high = day;
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
      if (offsetMinutes(new Date(middle), timeZone) === previous) low = middle;
      else high = middle;
    }
    transitions.push({ at: new Date(high), from: previous, to: offset });
    previous = offset;
  }
  return transitions;
}

/**
 * An RFC 5545 VTIMEZONE for an IANA zone, from the platform's time-zone data (Intl): one
 * observance from the start of `fromYear`, then one per offset change until the end of `toYear`
 * (explicit DTSTARTs, no RRULE, so historical and future rule changes are exact). Observances
 * whose offset is above the zone's lowest in the range are DAYLIGHT, the others STANDARD.
 */
export function vtimezone(timeZone: string, fromYear: number, toYear: number): string {
  const start = new Date(Date.UTC(fromYear, 0, 1));
  const end = new Date(Date.UTC(toYear + 1, 0, 1));
  const initial = offsetMinutes(start, timeZone);
  const transitions = transitionsOf(timeZone, start, end);
  const standard = Math.min(initial, ...transitions.map((t) => t.to));
  const observance = (at: Date, from: number, to: number): string[] => {
    const kind = to > standard ? 'DAYLIGHT' : 'STANDARD';
    return [
      `BEGIN:${kind}`,
      // DTSTART is the local time of the change in the offset it changes from.
      `DTSTART:${icalLocal(new Date(at.getTime() + from * MINUTE_MS))}`,
      `TZOFFSETFROM:${icalOffset(from)}`,
      `TZOFFSETTO:${icalOffset(to)}`,
      `END:${kind}`,
    ];
  };
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${timeZone}`,
    ...observance(start, initial, initial),
    ...transitions.flatMap((t) => observance(t.at, t.from, t.to)),
    'END:VTIMEZONE',
  ].join('\r\n');
}

/** The local date (`YYYY-MM-DD`) of an instant in a zone. */
export const localDateOf = (instant: Date, timeZone: string): string =>
  toFloating(instant, timeZone).toISOString().slice(0, 10);
