import { RRule } from 'rrule';
import { DAY_MS, planSeries, visitStarts, type ExpansionWork } from './recurrence-expansion';
import { parseRrule } from './recurrence-rule';

/** Counts the work an expansion does. */
class Steps implements ExpansionWork {
  total = 0;
  spend(steps: number): void {
    this.total += steps;
  }
}

const starts = (rrule: string, dtstart: Date, from: Date, to: Date, work: ExpansionWork = new Steps()) => {
  const rule = parseRrule(rrule);
  const plan = planSeries(rule, dtstart.getTime(), rule.until?.getTime() ?? Infinity, true);
  const found: string[] = [];
  visitStarts(plan, from.getTime(), to.getTime(), work, (start) => {
    found.push(new Date(start).toISOString());
    return true;
  });
  return found;
};

/** What rrule (the library, the reference implementation here) expands for the same window. */
const reference = (rrule: string, dtstart: Date, from: Date, to: Date): string[] =>
  new RRule({ ...RRule.parseString(rrule), dtstart })
    .between(from, to, true)
    .map((date) => date.toISOString());

const RULES = [
  'FREQ=DAILY',
  'FREQ=DAILY;INTERVAL=3',
  'FREQ=DAILY;BYDAY=MO,WE,FR',
  'FREQ=DAILY;BYMONTH=1,7;BYMONTHDAY=1,15,-1',
  'FREQ=DAILY;BYHOUR=7;BYMINUTE=15;BYSECOND=30',
  'FREQ=WEEKLY',
  'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH',
  'FREQ=WEEKLY;BYDAY=MO,SU;WKST=SU',
  'FREQ=WEEKLY;INTERVAL=3;BYDAY=SA,MO;WKST=WE',
  'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
  'FREQ=WEEKLY;BYMONTH=3,4;BYDAY=WE',
  'FREQ=MONTHLY',
  'FREQ=MONTHLY;BYMONTHDAY=31',
  'FREQ=MONTHLY;BYMONTHDAY=-1,1',
  'FREQ=MONTHLY;BYDAY=2TU',
  'FREQ=MONTHLY;BYDAY=-1FR',
  'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
  'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,3',
  'FREQ=MONTHLY;INTERVAL=5;BYDAY=1MO,3MO',
  'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13',
  'FREQ=MONTHLY;BYMONTH=2,8;BYDAY=SU',
  'FREQ=YEARLY',
  'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
  'FREQ=YEARLY;BYDAY=20MO',
  'FREQ=YEARLY;BYDAY=-1SU',
  'FREQ=YEARLY;BYMONTH=11;BYDAY=4TH',
  'FREQ=YEARLY;BYYEARDAY=1,100,-1',
  'FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYDAY=-1SU',
  'FREQ=YEARLY;BYMONTH=1,6;BYDAY=MO;BYSETPOS=1,-1',
  'FREQ=DAILY;COUNT=40',
  'FREQ=WEEKLY;UNTIL=20280101T000000Z;BYDAY=MO',
  'FREQ=MONTHLY;COUNT=30;BYDAY=1SA',
  'FREQ=YEARLY;COUNT=7;BYMONTH=5,9',
];
const DTSTARTS = ['2026-01-31T09:30:00.000Z', '2024-02-29T00:00:00.000Z', '2026-12-30T23:15:00.250Z'];
/** Windows as [days after DTSTART, length in days]: the start, a year on, fifteen years on. */
const WINDOWS: Array<[number, number]> = [
  [-10, 400],
  [400, 366],
  [5500, 120],
];

describe('recurrence expansion (bounded, floating times)', () => {
  const cases = RULES.flatMap((rule) => DTSTARTS.map((dtstart) => [rule, dtstart] as const));

  it.each(cases)('expands %s from %s as rrule does', (rule, dtstart) => {
    const first = new Date(dtstart);
    for (const [offset, length] of WINDOWS) {
      const from = new Date(first.getTime() + offset * DAY_MS);
      const to = new Date(from.getTime() + length * DAY_MS);
      expect({ rule, from, found: starts(rule, first, from, to) }).toEqual({
        rule,
        from,
        found: reference(rule, first, from, to),
      });
    }
  });

  it('costs the days of the window, not the days since the first start, nor a rule that never matches', () => {
    const dtstart = new Date('2026-01-05T08:00:00.000Z');
    const from = new Date('2190-03-01T00:00:00.000Z');
    const to = new Date(from.getTime() + 366 * DAY_MS);
    for (const rule of [
      'FREQ=DAILY',
      'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
      'FREQ=WEEKLY;INTERVAL=7;BYDAY=SU',
      'FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4',
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO',
    ]) {
      const work = new Steps();
      starts(rule, dtstart, from, to, work);
      // At most the window and one period either side (a year of days for YEARLY).
      expect({ rule, withinBound: work.total <= 366 * 3 }).toEqual({ rule, withinBound: true });
    }
  });

  it('never runs past the calendar’s last year, whatever the window', () => {
    const work = new Steps();
    const found = starts(
      'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
      new Date('2199-06-01T00:00:00.000Z'),
      new Date('2199-06-01T00:00:00.000Z'),
      new Date('9999-12-31T00:00:00.000Z'),
      work,
    );
    expect(found).toEqual([]);
    expect(work.total).toBeLessThanOrEqual(214);
  });

  it('counts a COUNT series from its first period unless its last start is known', () => {
    const rule = parseRrule('FREQ=DAILY;COUNT=5000');
    const dtstart = Date.UTC(2026, 0, 1, 9);
    const from = Date.UTC(2035, 0, 1);
    const to = from + 31 * DAY_MS;
    const collect = (last: number, countFromStart: boolean, work: Steps): number[] => {
      const found: number[] = [];
      visitStarts(
        planSeries(rule, dtstart, last, countFromStart),
        from,
        to,
        work,
        (start) => found.push(start) > 0,
      );
      return found;
    };
    const counted = new Steps();
    const known = new Steps();
    const lastStart = dtstart + 4999 * DAY_MS;
    expect(collect(Infinity, true, counted)).toEqual(collect(lastStart, false, known));
    expect(counted.total).toBeGreaterThan(3000);
    expect(known.total).toBeLessThanOrEqual(32);
  });
});
