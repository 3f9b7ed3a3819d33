import { intlOffset, prepareZone, zoneOffset } from './zone-offsets';

const DAY = 86_400_000;

describe('zone offsets (cached per zone and year)', () => {
  it.each([
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe', // a 30-minute DST shift
    'Asia/Kathmandu', // +05:45
    'Europe/Amsterdam', // +00:19:32 until 1937
    'Africa/Casablanca', // DST suspended for Ramadan: several changes a year
    'Pacific/Apia', // skipped 30 December 2011
    'America/Sao_Paulo',
    'UTC',
  ])('matches Intl in %s, at and around every change', (timeZone) => {
    // Instants spread over the calendar's years, and around each change (found day by day, then hour by hour).
    const instants: number[] = [];
    for (let i = 1; i <= 40; i++)
      instants.push(Date.UTC(1900, 0, 1) + ((i * 7_919_993_111_017) % (300 * 365 * DAY)));
    for (const year of [1937, 2011, 2026]) {
      for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += DAY) {
        if (intlOffset(day, timeZone) === intlOffset(day + DAY, timeZone)) continue;
        for (let t = day; t <= day + DAY; t += 3_600_000) instants.push(t - 1000, t, t + 1000);
      }
    }
    const mismatches = instants
      .map((instant) => ({
        at: new Date(instant).toISOString(),
        cached: zoneOffset(instant, timeZone),
        intl: intlOffset(Math.floor(instant / 1000) * 1000, timeZone),
      }))
      .filter(({ cached, intl }) => cached !== intl);
    expect(mismatches).toEqual([]);
  });

  it('makes the years around a window one at a time, each once', async () => {
    const made: number[] = [];
    const window = [Date.UTC(2187, 5, 1), Date.UTC(2188, 5, 1)] as const;
    await prepareZone('America/Anchorage', ...window, () => Promise.resolve(void made.push(made.length)));
    // The window's years and one either side, for offsets a day away.
    expect(made).toHaveLength(4);
    await prepareZone('America/Anchorage', ...window, () => Promise.resolve(void made.push(made.length)));
    expect(made).toHaveLength(4);
  });
});
