/**
 * UTC offsets of IANA zones from the platform's zone data (Intl), cached per zone and year.
 *
 * Asking Intl costs microseconds (formatToParts); expanding a series maps every occurrence to an
 * instant and back, so each zone-year's offset changes are found once (the offset sampled day by
 * day, each change narrowed to the second) and later offsets are a lookup in a short list.
 */

const DAY_MS = 86_400_000;
const SECOND_MS = 1000;
/** Zone-years kept; the least recently used goes first. */
const CACHE_MAX = 4096;

/** A year of one zone: its offset at the year's start, then each change (first instant, new offset). */
interface YearOffsets {
  initial: number;
  changes: Array<[at: number, offset: number]>;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const years = new Map<string, YearOffsets>();

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

/** The offset (ms, east positive) at a whole-second instant, asked of Intl (uncached). */
export function intlOffset(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  wall.setUTCHours(parts.hour, parts.minute, parts.second, 0);
  return wall.getTime() - instant;
}

function scanYear(timeZone: string, year: number): YearOffsets {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const initial = intlOffset(start, timeZone);
  const changes: Array<[number, number]> = [];
  const last = end - SECOND_MS;
  // `sampled` is the latest instant known to have the offset `previous`.
  for (let sampled = start, previous = initial; sampled < last;) {
    let high = Math.min(sampled + DAY_MS, last);
    const offset = intlOffset(high, timeZone);
    if (offset !== previous) {
      // The change lies in (sampled, high]: narrow it to the second.
      let low = sampled;
      while (high - low > SECOND_MS) {
        const middle = low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
        if (intlOffset(middle, timeZone) === previous) low = middle;
        else high = middle;
      }
      changes.push([high, offset]);
      previous = offset;
    }
    sampled = high;
  }
  return { initial, changes };
}

function yearOffsets(timeZone: string, year: number): YearOffsets {
  const key = `${timeZone} ${year}`;
  let offsets = years.get(key);
  if (offsets) {
    years.delete(key);
  } else {
    offsets = scanYear(timeZone, year);
    if (years.size >= CACHE_MAX) years.delete(years.keys().next().value as string);
  }
  years.set(key, offsets);
  return offsets;
}

/**
 * Makes the offsets of the zone's years around [from, to] (instants, ms) that are not cached yet,
 * calling `made` after each (about a millisecond of Intl each), so a caller can give the event
 * loop a turn between them rather than make them all inside one expansion.
 */
export async function prepareZone(
  timeZone: string,
  from: number,
  to: number,
  made: () => Promise<void>,
): Promise<void> {
  const last = new Date(to).getUTCFullYear() + 1;
  for (let year = new Date(from).getUTCFullYear() - 1; year <= last; year++) {
    if (years.has(`${timeZone} ${year}`)) continue;
    yearOffsets(timeZone, year);
    await made();
  }
}

/** The zone's UTC offset at `instant` (ms, east positive). */
export function zoneOffset(instant: number, timeZone: string): number {
  const { initial, changes } = yearOffsets(timeZone, new Date(instant).getUTCFullYear());
  let offset = initial;
  for (const [at, to] of changes) {
    if (instant < at) break;
    offset = to;
  }
  return offset;
}
