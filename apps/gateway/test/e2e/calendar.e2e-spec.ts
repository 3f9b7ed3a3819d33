import { expectProblem } from './http';
import { calendarSuite, type CalendarSuite } from './calendar-harness';

/**
 * Calendar events over HTTP: recurrence across DST changes and short months, all-day events, and busy
 * events shown as blocks.
 */
describe('calendar events over HTTP', () => {
  const s = calendarSuite();
  let api: CalendarSuite['api'];
  let owner: CalendarSuite['owner'];
  let admin: CalendarSuite['admin'];
  let member: CalendarSuite['member'];
  let other: CalendarSuite['other'];
  let villageId: CalendarSuite['villageId'];
  let ok: CalendarSuite['ok'];
  let createEvent: CalendarSuite['createEvent'];
  let list: CalendarSuite['list'];
  let of: CalendarSuite['of'];

  beforeAll(() => {
    ({ api, owner, admin, member, other, villageId, ok, createEvent, list, of } = s);
  });

  it('expands a weekly 09:00 Europe/Berlin event across the March DST change, wall-clock kept', async () => {
    const id = await createEvent(member.accessToken, {
      title: 'Choir',
      startsAt: '2026-03-23T08:00:00Z',
      endsAt: '2026-03-23T09:30:00Z',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY',
    });
    const items = of(await list(member.accessToken, '2026-03-20T00:00:00Z', '2026-04-10T00:00:00Z'), id);
    expect(items.map((item) => [item.startsAt, item.endsAt])).toEqual([
      ['2026-03-23T08:00:00.000Z', '2026-03-23T09:30:00.000Z'],
      ['2026-03-30T07:00:00.000Z', '2026-03-30T08:30:00.000Z'],
      ['2026-04-06T07:00:00.000Z', '2026-04-06T08:30:00.000Z'],
    ]);
    // Open-ended: still there a year later (span upper bound unbounded).
    expect(
      of(await list(member.accessToken, '2027-03-01T00:00:00Z', '2027-03-09T00:00:00Z'), id),
    ).toHaveLength(2);
  });

  it('expands a weekly 09:00 America/New_York event across the November DST change', async () => {
    const id = await createEvent(member.accessToken, {
      title: 'Standup',
      startsAt: '2026-10-26T13:00:00Z',
      endsAt: '2026-10-26T13:15:00Z',
      timeZone: 'America/New_York',
      rrule: 'FREQ=WEEKLY;COUNT=3',
    });
    const items = of(await list(member.accessToken, '2026-10-01T00:00:00Z', '2026-12-31T00:00:00Z'), id);
    expect(items.map((item) => item.startsAt)).toEqual([
      '2026-10-26T13:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
      '2026-11-09T14:00:00.000Z',
    ]);
  });

  it('repeats monthly on the 31st only in months that have one', async () => {
    const id = await createEvent(member.accessToken, {
      title: 'Month end',
      startsAt: '2026-01-31T17:00:00Z',
      endsAt: '2026-01-31T18:00:00Z',
      timeZone: 'UTC',
      rrule: 'RRULE:FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4',
    });
    const items = of(await list(member.accessToken, '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z'), id);
    expect(items.map((item) => item.startsAt.slice(0, 10))).toEqual([
      '2026-01-31',
      '2026-03-31',
      '2026-05-31',
      '2026-07-31',
    ]);
  });

  it('stores all-day events as dates (end exclusive) in their zone', async () => {
    const id = await createEvent(member.accessToken, {
      title: 'Holiday',
      startsAt: '2026-03-28',
      endsAt: '2026-03-30',
      allDay: true,
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=YEARLY;COUNT=2',
    });
    const event = ok(await api.get(`/v1/events/${id}`, { token: member.accessToken }), 200).body;
    expect(event).toMatchObject({ allDay: true, startsAt: '2026-03-28', endsAt: '2026-03-30' });
    const items = of(await list(member.accessToken, '2026-03-01T00:00:00Z', '2027-03-01T00:00:00Z'), id);
    expect(items.map((item) => [item.startsAt, item.endsAt, item.originalStart])).toEqual([
      ['2026-03-28', '2026-03-30', '2026-03-27T23:00:00.000Z'],
    ]);
    expectProblem(
      await api.post(`/v1/villages/${villageId}/events`, {
        token: member.accessToken,
        body: {
          title: 'x',
          startsAt: '2026-03-28T00:00:00Z',
          endsAt: '2026-03-29',
          allDay: true,
          timeZone: 'UTC',
        },
      }),
      400,
      'invalid',
    );
  });

  it('shows a busy event as a block to others, and in full to its creator and admins', async () => {
    const id = await createEvent(member.accessToken, {
      title: 'Doctor',
      description: 'Secret',
      location: 'Clinic',
      startsAt: '2026-06-10T08:00:00Z',
      endsAt: '2026-06-10T09:00:00Z',
      timeZone: 'Europe/Berlin',
      visibility: 'busy',
      data: { note: 'private' },
    });
    const range = ['2026-06-10T00:00:00Z', '2026-06-11T00:00:00Z'] as const;
    const [seenByOther] = of(await list(other.accessToken, ...range), id);
    expect(seenByOther).toEqual({
      id,
      villageId,
      busy: true,
      originalStart: '2026-06-10T08:00:00.000Z',
      startsAt: '2026-06-10T08:00:00.000Z',
      endsAt: '2026-06-10T09:00:00.000Z',
      allDay: false,
    });
    const read = ok(await api.get(`/v1/events/${id}`, { token: other.accessToken }), 200).body;
    expect(read.busy).toBe(true);
    for (const field of ['title', 'description', 'location', 'data', 'createdBy', 'exceptions']) {
      expect(read).not.toHaveProperty(field);
    }
    for (const token of [member.accessToken, admin.accessToken, owner.accessToken]) {
      expect(of(await list(token, ...range), id)[0]).toMatchObject({
        busy: false,
        title: 'Doctor',
        location: 'Clinic',
      });
      expect(ok(await api.get(`/v1/events/${id}`, { token }), 200).body).toMatchObject({
        busy: false,
        description: 'Secret',
        data: { note: 'private' },
      });
    }
  });
});
