import { ExpansionBudgetError, WorkPacer } from './expansion-pacer';
import { expandOccurrences, OCCURRENCE_STEPS, type RecurringEvent } from './recurrence';

const daily = (rrule: string): RecurringEvent => ({
  startsAt: '2026-01-05T08:00:00.000Z',
  endsAt: '2026-01-05T09:00:00.000Z',
  allDay: false,
  timeZone: 'Europe/Berlin',
  rrule,
  exdates: [],
});
const YEAR_2190: [Date, Date] = [new Date('2190-01-01T00:00:00Z'), new Date('2191-01-01T00:00:00Z')];

describe('paced expansion', () => {
  it('costs a bounded number of steps for a year of any stored rule, however far from its start', async () => {
    for (const rrule of [
      'FREQ=DAILY;UNTIL=99991231T000000Z',
      'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
      'FREQ=DAILY',
    ]) {
      const pacer = new WorkPacer();
      const occurrences = await expandOccurrences(daily(rrule), [], ...YEAR_2190, pacer);
      // The window, a day of duration and two days of offsets either side; each occurrence mapped once.
      expect(pacer.steps).toBeLessThanOrEqual(365 + 6 + (occurrences.length + 5) * OCCURRENCE_STEPS);
    }
  });

  it('refuses work past its budget', async () => {
    await expect(
      expandOccurrences(daily('FREQ=DAILY'), [], ...YEAR_2190, new WorkPacer(10_000)),
    ).rejects.toThrow(ExpansionBudgetError);
  });

  it('lets work waiting for the event loop run before a long expansion ends', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other'));
    const expansion = expandOccurrences(
      daily('FREQ=DAILY'),
      [],
      ...YEAR_2190,
      new WorkPacer(Infinity, 1000),
    ).then(() => order.push('expansion'));
    await expansion;
    expect(order).toEqual(['other', 'expansion']);
  });
});
