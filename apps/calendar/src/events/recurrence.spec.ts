import {
  dateToInstant,
  expandOccurrences,
  fromFloating,
  isOccurrenceOf,
  parseRrule,
  RecurrenceError,
  seriesBounds,
  type RecurringEvent,
} from './recurrence';

const weekly = (
  timeZone: string,
  startsAt: string,
  endsAt: string,
  rrule = 'FREQ=WEEKLY',
): RecurringEvent => ({
  startsAt,
  endsAt,
  allDay: false,
  timeZone,
  rrule,
  exdates: [],
});
const starts = async (event: RecurringEvent, from: string, to: string) =>
  (await expandOccurrences(event, [], new Date(from), new Date(to))).map((o) => o.startsAt);

describe('recurrence (pure)', () => {
  it('keeps 09:00 Europe/Berlin across the March DST change (UTC offset +1 → +2)', async () => {
    // Monday 2026-0323 09:00 CET = 08:00Z; DST starts Sunday 2026-03-29.
    const event = weekly('Europe/Berlin', '2026-03-23T08:00:00.000Z', '2026-03-23T09:00:00.000Z');
    expect(await starts(event, '2026-03-20T00:00:00Z', '2026-04-10T00:00:00Z')).toEqual([
      '2026-03-23T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-04-06T07:00:00.000Z',
    ]);
  });

  it('keeps 09:00 America/New_York across the November DST change (UTC offset -4 → -5)', async () => {
    // DST ends Sunday 2026-11-01.
    const event = weekly('America/New_York', '2026-10-26T13:00:00.000Z', '2026-10-26T14:00:00.000Z');
    const occurrences = await expandOccurrences(
      event,
      [],
      new Date('2026-10-20T00:00:00Z'),
      new Date('2026-11-10T00:00:00Z'),
    );
    expect(occurrences.map((o) => [o.startsAt, o.endsAt])).toEqual([
      ['2026-10-26T13:00:00.000Z', '2026-10-26T14:00:00.000Z'],
      ['2026-11-02T14:00:00.000Z', '2026-11-02T15:00:00.000Z'],
      ['2026-11-09T14:00:00.000Z', '2026-11-09T15:00:00.000Z'],
    ]);
  });

  it('monthly on the 31st skips shorter months (RFC 5545)', async () => {
    const event = weekly(
      'Europe/Berlin',
      '2026-01-31T09:00:00.000Z',
      '2026-01-31T10:00:00.000Z',
      'FREQ=MONTHLY',
    );
    expect(await starts(event, '2026-01-01T00:00:00Z', '2026-09-01T00:00:00Z')).toEqual([
      '2026-01-31T09:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
      '2026-05-31T08:00:00.000Z',
      '2026-07-31T08:00:00.000Z',
      '2026-08-31T08:00:00.000Z',
    ]);
  });

  it('skips exdates and applies exceptions (moved and cancelled occurrences)', async () => {
    const event = {
      ...weekly(
        'Europe/Berlin',
        '2026-05-04T07:00:00.000Z',
        '2026-05-04T08:00:00.000Z',
        'FREQ=WEEKLY;COUNT=4',
      ),
      exdates: ['2026-05-11T07:00:00.000Z'],
    };
    const occurrences = await expandOccurrences(
      event,
      [
        {
          originalStart: '2026-05-18T07:00:00.000Z',
          cancelled: false,
          startsAt: '2026-05-19T15:00:00.000Z',
          endsAt: null,
        },
        { originalStart: '2026-05-25T07:00:00.000Z', cancelled: true, startsAt: null, endsAt: null },
      ],
      new Date('2026-05-01T00:00:00Z'),
      new Date('2026-06-01T00:00:00Z'),
    );
    expect(occurrences.map((o) => [o.originalStart, o.startsAt, o.endsAt])).toEqual([
      ['2026-05-04T07:00:00.000Z', '2026-05-04T07:00:00.000Z', '2026-05-04T08:00:00.000Z'],
      ['2026-05-18T07:00:00.000Z', '2026-05-19T15:00:00.000Z', '2026-05-19T16:00:00.000Z'],
    ]);
  });

  it('includes an occurrence moved into the window from outside it', async () => {
    const event = weekly('UTC', '2026-05-04T07:00:00.000Z', '2026-05-04T08:00:00.000Z');
    const moved = [
      {
        originalStart: '2026-05-11T07:00:00.000Z',
        cancelled: false,
        startsAt: '2026-06-20T07:00:00.000Z',
        endsAt: '2026-06-20T08:00:00.000Z',
      },
    ];
    const inJune = await expandOccurrences(
      event,
      moved,
      new Date('2026-06-20T00:00:00Z'),
      new Date('2026-06-21T00:00:00Z'),
    );
    expect(inJune.map((o) => o.originalStart)).toEqual(['2026-05-11T07:00:00.000Z']);
  });

  it('expands all-day events by local dates, across DST, end exclusive', async () => {
    const event: RecurringEvent = {
      startsAt: dateToInstant('2026-03-28', 'Europe/Berlin'),
      endsAt: dateToInstant('2026-03-29', 'Europe/Berlin'),
      allDay: true,
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=DAILY;COUNT=3',
      exdates: [],
    };
    const occurrences = await expandOccurrences(
      event,
      [],
      new Date('2026-03-01T00:00:00Z'),
      new Date('2026-04-30T00:00:00Z'),
    );
    expect(occurrences.map((o) => [o.startsAt, o.endsAt])).toEqual([
      ['2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z'],
      ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      ['2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z'],
    ]);
    expect(await seriesBounds(event)).toEqual({
      spanEnd: '2026-03-30T22:00:00.000Z',
      lastStart: '2026-03-29T22:00:00.000Z',
    });
  });

  it('computes the span end: bounded by COUNT/UNTIL, open-ended otherwise', async () => {
    expect(
      await seriesBounds(
        weekly('UTC', '2026-01-05T10:00:00.000Z', '2026-01-05T11:00:00.000Z', 'FREQ=WEEKLY;COUNT=3'),
      ),
    ).toEqual({ spanEnd: '2026-01-19T11:00:00.000Z', lastStart: '2026-01-19T10:00:00.000Z' });
    expect(
      await seriesBounds(
        weekly(
          'UTC',
          '2026-01-05T10:00:00.000Z',
          '2026-01-05T11:00:00.000Z',
          'FREQ=WEEKLY;UNTIL=20260201T000000Z',
        ),
      ),
    ).toEqual({ spanEnd: '2026-01-26T11:00:00.000Z', lastStart: '2026-01-26T10:00:00.000Z' });
    expect(await seriesBounds(weekly('UTC', '2026-01-05T10:00:00.000Z', '2026-01-05T11:00:00.000Z'))).toEqual(
      {
        spanEnd: null,
        lastStart: null,
      },
    );
  });

  it('maps wall-clock times in DST gaps and overlaps to real instants', () => {
    // 02:30 on 2026-03-29 does not exist in Berlin: it lands after the gap (03:30 CEST = 01:30Z).
    expect(fromFloating(new Date('2026-03-29T02:30:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    // 02:30 on 2026-10-25 happens twice: the earlier (CEST, 00:30Z).
    expect(fromFloating(new Date('2026-10-25T02:30:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('validates RRULEs and recognises occurrences', async () => {
    expect(() => parseRrule('FREQ=SECONDLY')).toThrow(RecurrenceError);
    expect(() => parseRrule('FREQ=WEEKLY;COUNT=999999')).toThrow(RecurrenceError);
    expect(() => parseRrule('DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY')).toThrow(RecurrenceError);
    expect(() => parseRrule('FREQ=NOPE')).toThrow(RecurrenceError);
    expect(parseRrule('RRULE:FREQ=WEEKLY;BYDAY=MO,WE').freq).toBeDefined();
    const event = weekly('Europe/Berlin', '2026-03-23T08:00:00.000Z', '2026-03-23T09:00:00.000Z');
    expect(await isOccurrenceOf(event, '2026-03-30T07:00:00.000Z')).toBe(true);
    expect(await isOccurrenceOf(event, '2026-03-30T08:00:00.000Z')).toBe(false);
  });
});
