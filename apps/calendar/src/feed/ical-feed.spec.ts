import { expandRecurringEvent, sync, type VEvent } from 'node-ical';
import { expandOccurrences } from '../events/recurrence';
import type { FeedEventRow } from './feed-event-row';
import { BUSY_SUMMARY, buildFeed, vtimezoneBlocks } from './ical-feed';

const ANN = '0190a6a0-0000-7000-8000-00000000000a';
const BOB = '0190a6a0-0000-7000-8000-00000000000b';
const FROM = new Date('2026-01-01T00:00:00Z');
const TO = new Date('2026-06-01T00:00:00Z');

const row = (
  fields: Partial<FeedEventRow> & Pick<FeedEventRow, 'id' | 'startsAt' | 'endsAt'>,
): FeedEventRow => ({
  createdBy: ANN,
  title: 'Choir',
  description: 'Bring the sheets',
  location: 'Hall',
  allDay: false,
  timeZone: 'Europe/Berlin',
  rrule: null,
  exdates: [],
  visibility: 'village',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  exceptions: [],
  ...fields,
});

const exception = (fields: Partial<FeedEventRow['exceptions'][number]> & { originalStart: string }) => ({
  cancelled: false,
  title: null,
  description: null,
  location: null,
  startsAt: null,
  endsAt: null,
  updatedAt: '2026-01-03T00:00:00.000Z',
  ...fields,
});

const parse = (ics: string): VEvent[] =>
  Object.values(sync.parseICS(ics)).filter((component): component is VEvent => component?.type === 'VEVENT');

/** The start instants node-ical expands from the feed. */
const parsedStarts = (ics: string): string[] =>
  parse(ics)
    .flatMap((event) => expandRecurringEvent(event, { from: FROM, to: TO }))
    .map((instance) => new Date(instance.start).toISOString())
    .sort();

const feed = (rows: FeedEventRow[], viewerId = ANN): string =>
  buildFeed(rows, { viewerId, from: FROM, name: 'Village calendar' });

describe('the iCalendar feed (ical-generator, parsed back with node-ical)', () => {
  // Weekly at 18:00 local from mid-March: the DST change falls in between (Berlin 29 March,
  // New York 8 March — start before it there), with an exdate, a moved and a cancelled occurrence.
  const series = (timeZone: string, startsAt: string): FeedEventRow =>
    row({
      id: '0190a6a0-0000-7000-8000-000000000001',
      startsAt,
      endsAt: new Date(new Date(startsAt).getTime() + 3_600_000).toISOString(),
      timeZone,
      rrule: 'FREQ=WEEKLY;COUNT=8',
    });

  it.each([
    ['Europe/Berlin', '2026-03-13T17:00:00.000Z'],
    ['America/New_York', '2026-02-27T23:00:00.000Z'],
  ])('gives the occurrences the API expands, across a DST change in %s', async (timeZone, startsAt) => {
    const base = series(timeZone, startsAt);
    const originals = (await expandOccurrences(base, [], FROM, TO)).map((o) => o.originalStart);
    expect(originals).toHaveLength(8);
    const moved = new Date(new Date(originals[4]).getTime() - 2 * 3_600_000).toISOString();
    const event: FeedEventRow = {
      ...base,
      exdates: [originals[2]],
      exceptions: [
        exception({ originalStart: originals[4], startsAt: moved, title: 'Choir (early)' }),
        exception({ originalStart: originals[6], cancelled: true }),
      ],
    };
    const ics = feed([event]);
    expect(ics).toContain(`DTSTART;TZID=${timeZone}:`);
    expect(ics).toContain(`BEGIN:VTIMEZONE\r\nTZID:${timeZone}`);
    expect(ics).toMatch(/RECURRENCE-ID;TZID=/);
    expect(ics.match(/^EXDATE/gm)).toHaveLength(2);

    const api = (await expandOccurrences(event, event.exceptions, FROM, TO)).map((o) => o.startsAt).sort();
    expect(api).toHaveLength(6);
    expect(api).toContain(moved);
    expect(parsedStarts(ics)).toEqual(api);
    // Wall-clock time kept: every unmoved occurrence starts at the same local hour.
    const hours = new Set(
      api
        .filter((start) => start !== moved)
        .map((start) =>
          new Date(start).toLocaleString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }),
        ),
    );
    expect(hours.size).toBe(1);
    const override = parse(ics).find((e) => e.uid === `${event.id}@virtual-village`)?.recurrences;
    expect(Object.values(override ?? {}).map((o) => o.summary)).toContain('Choir (early)');
  });

  it('writes all-day events as dates', () => {
    const ics = feed([
      row({
        id: '0190a6a0-0000-7000-8000-000000000002',
        allDay: true,
        startsAt: '2026-03-19T23:00:00.000Z',
        endsAt: '2026-03-21T23:00:00.000Z',
      }),
    ]);
    expect(ics).toContain('DTSTART;VALUE=DATE:20260320');
    expect(ics).toContain('DTEND;VALUE=DATE:20260322');
    const [event] = parse(ics);
    expect(event.datetype).toBe('date');
  });

  it('writes an all-day series with dates: EXDATE and RECURRENCE-ID as VALUE=DATE', () => {
    // Local midnights in Berlin, weekly on Mondays across the DST change.
    const event = row({
      id: '0190a6a0-0000-7000-8000-000000000005',
      allDay: true,
      startsAt: '2026-03-15T23:00:00.000Z',
      endsAt: '2026-03-16T23:00:00.000Z',
      rrule: 'FREQ=WEEKLY;COUNT=4',
      exdates: ['2026-03-22T23:00:00.000Z'],
      exceptions: [exception({ originalStart: '2026-03-29T22:00:00.000Z', title: 'Moved' })],
    });
    const ics = feed([event]);
    expect(ics).toContain('DTSTART;VALUE=DATE:20260316');
    expect(ics).toContain('EXDATE;VALUE=DATE:20260323');
    expect(ics).toMatch(/RECURRENCE-ID;VALUE=DATE:20260330/);
    const [series] = parse(ics);
    const dates = expandRecurringEvent(series, { from: FROM, to: TO }).map((instance) =>
      new Date(instance.start).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' }),
    );
    expect(dates).toEqual(['2026-03-16', '2026-03-30', '2026-04-06']);
  });

  it('shows busy events to others as opaque private blocks without details', () => {
    const busy = row({
      id: '0190a6a0-0000-7000-8000-000000000003',
      visibility: 'busy',
      title: 'Dentist',
      description: 'Root canal',
      location: 'Main street 1',
      startsAt: '2026-03-20T09:00:00.000Z',
      endsAt: '2026-03-20T10:00:00.000Z',
    });
    const forBob = feed([busy], BOB);
    expect(forBob).not.toMatch(/Dentist|Root canal|Main street/);
    const [seen] = parse(forBob);
    expect(seen.summary).toBe(BUSY_SUMMARY);
    expect(seen.description).toBeUndefined();
    expect(seen.location).toBeUndefined();
    expect(seen.transparency).toBe('OPAQUE');
    expect(seen.class).toBe('PRIVATE');
    expect(new Date(seen.start).toISOString()).toBe(busy.startsAt);

    const [own] = parse(feed([busy], ANN));
    expect(own.summary).toBe('Dentist');
    expect(own.location).toBe('Main street 1');
  });

  it("hides a busy series' edited occurrences too", () => {
    const ics = feed(
      [
        row({
          id: '0190a6a0-0000-7000-8000-000000000004',
          visibility: 'busy',
          title: 'Therapy',
          startsAt: '2026-03-02T09:00:00.000Z',
          endsAt: '2026-03-02T10:00:00.000Z',
          rrule: 'RRULE:FREQ=WEEKLY;COUNT=3',
          exceptions: [exception({ originalStart: '2026-03-09T09:00:00.000Z', title: 'Therapy (room 2)' })],
        }),
      ],
      BOB,
    );
    expect(ics).not.toMatch(/Therapy/);
    expect(ics.match(/SUMMARY:Busy/g)).toHaveLength(2);
  });

  it('writes a stored rule the calendar no longer runs as its first occurrence, as the API shows it', async () => {
    const legacy = row({
      id: '0190a6a0-0000-7000-8000-000000000005',
      startsAt: '2026-03-02T09:00:00.000Z',
      endsAt: '2026-03-02T10:00:00.000Z',
      rrule: 'FREQ=DAILY;INTERVAL=0',
    });
    const ics = feed([legacy]);
    expect(ics).not.toMatch(/RRULE/);
    expect(parsedStarts(ics)).toEqual(
      (await expandOccurrences(legacy, [], FROM, TO)).map((occurrence) => occurrence.startsAt),
    );
  });

  it('makes each zone’s VTIMEZONE once, ahead of the feed', async () => {
    const rows = [
      row({
        id: '0190a6a0-0000-7000-8000-000000000006',
        startsAt: '2026-03-02T09:00:00.000Z',
        endsAt: '2026-03-02T10:00:00.000Z',
      }),
      row({
        id: '0190a6a0-0000-7000-8000-000000000007',
        timeZone: 'America/New_York',
        startsAt: '2026-03-02T15:00:00.000Z',
        endsAt: '2026-03-02T16:00:00.000Z',
      }),
    ];
    const timezones = await vtimezoneBlocks(rows, FROM);
    expect([...timezones.keys()]).toEqual(['Europe/Berlin', 'America/New_York']);
    expect(buildFeed(rows, { viewerId: ANN, from: FROM, name: 'Village calendar', timezones })).toBe(
      feed(rows),
    );
  });
});
