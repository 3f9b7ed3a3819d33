import { parseRrule, RecurrenceError, storedRule } from './recurrence-rule';

describe('RRULE limits', () => {
  it.each([
    ['FREQ=DAILY;INTERVAL=0', /INTERVAL must be between 1 and 1000/],
    ['FREQ=DAILY;INTERVAL=1001', /INTERVAL/],
    ['FREQ=DAILY;UNTIL=99991231T000000Z', /UNTIL must lie in the years 1900–2199/],
    ['FREQ=DAILY;UNTIL=18991231T000000Z', /UNTIL/],
    ['FREQ=DAILY;COUNT=0', /COUNT must be between 1 and 5000/],
    ['FREQ=DAILY;COUNT=5001', /COUNT/],
    ['FREQ=DAILY;COUNT=3;UNTIL=20300101T000000Z', /COUNT and UNTIL exclude each other/],
    ['FREQ=HOURLY', /FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY/],
    ['FREQ=DAILY;BYHOUR=1,2,3', /one time of day/],
    ['FREQ=DAILY;BYMINUTE=0,30', /one time of day/],
    ['FREQ=YEARLY;BYWEEKNO=20', /BYWEEKNO is not supported/],
    ['FREQ=YEARLY;BYEASTER=0', /BYEASTER is not supported/],
    ['FREQ=DAILY;FREQ=WEEKLY', /each rule part at most once/],
    ['FREQ=MONTHLY;BYMONTHDAY=32', /BYMONTHDAY/],
    ['FREQ=DAILY;BYMONTH=13', /BYMONTH/],
    ['FREQ=MONTHLY;BYYEARDAY=100', /BYYEARDAY needs FREQ=YEARLY/],
    ['FREQ=WEEKLY;BYMONTHDAY=1', /BYMONTHDAY does not go with FREQ=WEEKLY/],
    ['FREQ=WEEKLY;BYDAY=2MO', /numbered BYDAY/],
    ['FREQ=MONTHLY;BYDAY=MO,2TU', /all weekdays numbered or none/],
    ['FREQ=MONTHLY;BYDAY=6MO', /±1 to ±5/],
    ['DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY', /without DTSTART/],
    ['FREQ=NOPE', /.+/],
  ])('refuses %s', (rrule, reason) => {
    expect(() => parseRrule(rrule)).toThrow(RecurrenceError);
    expect(() => parseRrule(rrule)).toThrow(reason);
  });

  it('accepts what calendar clients write', () => {
    for (const rrule of [
      'RRULE:FREQ=WEEKLY;BYDAY=MO,WE',
      'FREQ=MONTHLY;BYDAY=-1FR',
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
      'FREQ=YEARLY;BYMONTH=11;BYDAY=4TH',
      'FREQ=YEARLY;BYDAY=20MO',
      'FREQ=DAILY;INTERVAL=2;UNTIL=21991231T235959Z',
      'FREQ=WEEKLY;COUNT=5000;WKST=SU;BYHOUR=9;BYMINUTE=30',
    ]) {
      expect(() => parseRrule(rrule)).not.toThrow();
    }
  });

  it('runs a stored rule from before the checks when it can, bounded by the calendar’s years', () => {
    expect(storedRule('FREQ=DAILY;UNTIL=99991231T000000Z')).toMatchObject({ freq: 'DAILY' });
    expect(storedRule('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30')).toMatchObject({ byMonthDay: [30] });
    // What cannot run as the calendar runs rules shows as the series' first occurrence.
    for (const rrule of [
      'FREQ=DAILY;INTERVAL=0',
      'FREQ=YEARLY;BYWEEKNO=1',
      'FREQ=DAILY;BYHOUR=1,2',
      'nonsense',
    ]) {
      expect(storedRule(rrule)).toBeUndefined();
    }
  });
});
