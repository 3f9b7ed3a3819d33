import { expectProblem } from './http';
import { calendarAbuseSuite, fieldsOf, range, type CalendarAbuseSuite } from './calendar-abuse-harness';

/**
 * Calendar abuse: unbounded rules and ranges refused at once, stored rules kept bounded, and
 * expansion budgets.
 */
describe('calendar abuse', () => {
  const s = calendarAbuseSuite();
  let api: CalendarAbuseSuite['api'];
  let sql: CalendarAbuseSuite['sql'];
  let owner: CalendarAbuseSuite['owner'];
  let member: CalendarAbuseSuite['member'];
  let villageId: CalendarAbuseSuite['villageId'];
  let ok: CalendarAbuseSuite['ok'];
  let newVillage: CalendarAbuseSuite['newVillage'];
  let event: CalendarAbuseSuite['event'];
  let readWhile: CalendarAbuseSuite['readWhile'];

  beforeAll(() => {
    ({ api, sql, owner, member, villageId, ok, newVillage, event, readWhile } = s);
  });

  it('refuses unbounded rules and ranges with 400 at once while another village keeps reading', async () => {
    const post = (body: Record<string, unknown>) =>
      api.post(`/v1/villages/${villageId}/events`, { token: member.accessToken, body });
    const abusive = Promise.all([
      post(event({ rrule: 'FREQ=DAILY;UNTIL=99991231T000000Z' })),
      post(event({ rrule: 'FREQ=DAILY;INTERVAL=0' })),
      post(event({ rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' })),
      post(event({ rrule: 'FREQ=DAILY;BYHOUR=1,2,3' })),
      post(event({ rrule: 'FREQ=WEEKLY;BYWEEKNO=20' })),
      post(event({ startsAt: '9999-01-01T00:00:00Z', endsAt: '9999-01-01T01:00:00Z' })),
      post(event({ rrule: 'FREQ=DAILY', exdates: ['9999-01-01T00:00:00Z'] })),
      post(event({ rrule: 'FREQ=DAILY', endsAt: '2031-03-06T19:00:00Z' })),
      api.get(range(villageId, '9999-01-01T00:00:00Z', '9999-12-01T00:00:00Z'), {
        token: member.accessToken,
      }),
      api.get(range(villageId, '2030-01-01T00:00:00Z', '2040-01-01T00:00:00Z'), {
        token: member.accessToken,
      }),
    ]);
    const [answers, neighbours] = await Promise.all([abusive, readWhile(abusive)]);

    const expectedFields = [
      'rrule',
      'rrule',
      'rrule',
      'rrule',
      'rrule',
      'startsAt',
      'exdates.0',
      'endsAt',
      'query.from',
      'to',
    ];
    answers.forEach((answer, i) => {
      expectProblem(answer, 400, 'invalid');
      expect(fieldsOf(answer)).toContain(expectedFields[i]);
    });
    expect(neighbours.length).toBeGreaterThan(0);
    for (const answer of neighbours) {
      expect(answer.status).toBe(200);
      expect(answer.body.items).toHaveLength(10);
    }
    // Nothing was stored.
    const stored = await sql.query('select 1 from calendar.events where village_id = $1', [villageId]);
    expect(stored.rowCount).toBe(0);
  });

  it('keeps reads of rules stored before validation bounded, for this village and the next', async () => {
    const legacyId = await newVillage(owner, 'private');
    const store = (rrule: string) =>
      sql.query(
        `insert into calendar.events (village_id, created_by, title, starts_at, ends_at, time_zone, rrule, span)
         values ($1, $2, 'Old', '2026-01-05T08:00:00Z', '2026-01-05T09:00:00Z', 'Europe/Berlin', $3,
                 tstzrange('2026-01-05T08:00:00Z', null))`,
        [legacyId, owner.userId, rrule],
      );
    // A rule that never matches, an end in year 9999, a zero interval, a sparse COUNT, an unsupported part.
    for (const rrule of [
      'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
      'FREQ=DAILY;UNTIL=99991231T000000Z',
      'FREQ=DAILY;INTERVAL=0',
      'FREQ=DAILY;COUNT=5000;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO',
      'FREQ=YEARLY;BYWEEKNO=1',
    ])
      await store(rrule);

    const read = api.get(range(legacyId, '2150-01-01T00:00:00Z', '2150-02-01T00:00:00Z'), {
      token: owner.accessToken,
    });
    const [answer, neighbours] = await Promise.all([read, readWhile(read)]);
    expect(answer.status).toBe(200);
    // The year-9999 rule runs on to the last year events may use; the others have no occurrence
    // here (a rule that breaks what is now refused, like INTERVAL=0, counts as its first occurrence).
    expect(answer.body.items).toHaveLength(31);
    for (const neighbourAnswer of neighbours) expect(neighbourAnswer.status).toBe(200);
    // Beyond the years events may use, a range is refused rather than expanded.
    const late = await api.get(range(legacyId, '2300-01-01T00:00:00Z', '2300-02-01T00:00:00Z'), {
      token: owner.accessToken,
    });
    expectProblem(late, 400, 'invalid');
  });

  it('refuses a range whose stored series would take more than its expansion budget', async () => {
    const costlyId = await newVillage(owner, 'private');
    // Sparse COUNT series stored before their last start was: each counts from 2026 to the window.
    await sql.query(
      `insert into calendar.events (village_id, created_by, title, starts_at, ends_at, time_zone, rrule, span)
       select $1, $2, 'Old ' || i, '2026-01-05T08:00:00Z', '2026-01-05T09:00:00Z', 'UTC',
              'FREQ=DAILY;COUNT=5000;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO', tstzrange('2026-01-05T08:00:00Z', null)
         from generate_series(1, 100) i`,
      [costlyId, owner.userId],
    );
    const read = api.get(range(costlyId, '2150-01-01T00:00:00Z', '2150-02-01T00:00:00Z'), {
      token: owner.accessToken,
    });
    const [answer, neighbours] = await Promise.all([read, readWhile(read)]);
    expectProblem(answer, 400, 'invalid');
    expect(fieldsOf(answer)).toEqual(['to']);
    for (const neighbourAnswer of neighbours) expect(neighbourAnswer.status).toBe(200);
  });

  it('refuses a range holding more occurrences than one answer carries', async () => {
    const busyId = await newVillage(owner, 'private');
    for (let i = 0; i < 6; i++) {
      ok(
        await api.post(`/v1/villages/${busyId}/events`, {
          token: owner.accessToken,
          body: event({ title: `Daily ${i}`, rrule: 'FREQ=DAILY' }),
        }),
        201,
      );
    }
    const year = await api.get(range(busyId, '2030-03-01T00:00:00Z', '2031-03-01T00:00:00Z'), {
      token: owner.accessToken,
    });
    expectProblem(year, 400, 'invalid');
    expect(fieldsOf(year)).toContain('to');
    const month = await api.get(range(busyId, '2030-03-01T00:00:00Z', '2030-04-01T00:00:00Z'), {
      token: owner.accessToken,
    });
    expect(month.status).toBe(200);
    expect(month.body.items).toHaveLength(6 * 28);
  });
});
