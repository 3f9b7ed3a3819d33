import { jetstream } from '@nats-io/jetstream';
import { eventEnvelope, type EventEnvelope, findEvent, serviceStreamName } from '@vv/contracts';
import { type Answer, expectProblem } from './http';
import { calendarSuite, type CalendarSuite } from './calendar-harness';

/**
 * Calendar events over HTTP: exceptions (exdates, moved and cancelled occurrences), RSVPs per
 * occurrence, refused ranges and rules, and the events all of this publishes.
 */
describe('calendar events over HTTP', () => {
  const s = calendarSuite();
  let suite: CalendarSuite['suite'];
  let api: CalendarSuite['api'];
  let nc: CalendarSuite['nc'];
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
    ({ suite, api, nc, owner, admin, member, other, villageId, ok, createEvent, list, of } = s);
  });

  it('applies an exdate, a moved occurrence and a cancelled one; only the creator or an admin edits', async () => {
    const id = await createEvent(member.accessToken, {
      title: 'Swim',
      location: 'Pool',
      startsAt: '2026-05-04T16:00:00Z',
      endsAt: '2026-05-04T17:00:00Z',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY;COUNT=5',
      exdates: ['2026-05-11T16:00:00Z'],
    });
    const moved = ok(
      await api.patch(`/v1/events/${id}?occurrence=${encodeURIComponent('2026-05-18T16:00:00.000Z')}`, {
        token: member.accessToken,
        body: { startsAt: '2026-05-19T10:00:00Z', title: 'Swim (Tuesday)' },
      }),
      200,
    );
    expect(moved.body.exceptions).toEqual([
      expect.objectContaining({
        originalStart: '2026-05-18T16:00:00.000Z',
        startsAt: '2026-05-19T10:00:00.000Z',
      }),
    ]);
    ok(
      await api.patch(`/v1/events/${id}?occurrence=2026-05-25T16:00:00Z`, {
        token: admin.accessToken,
        body: { cancelled: true },
      }),
      200,
    );
    expectProblem(
      await api.patch(`/v1/events/${id}?occurrence=2026-06-01T16:00:00Z`, {
        token: other.accessToken,
        body: { title: 'Mine' },
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await api.patch(`/v1/events/${id}?occurrence=2026-06-01T17:00:00Z`, {
        token: member.accessToken,
        body: { title: 'Not an occurrence' },
      }),
      404,
      'not_found',
    );
    expectProblem(
      await api.patch(`/v1/events/${id}?occurrence=2026-06-01T16:00:00Z`, {
        token: member.accessToken,
        body: { rrule: 'FREQ=DAILY' },
      }),
      400,
      'invalid',
    );
    const items = of(await list(member.accessToken, '2026-05-01T00:00:00Z', '2026-07-01T00:00:00Z'), id);
    expect(items.map((item) => [item.originalStart, item.startsAt, item.title])).toEqual([
      ['2026-05-04T16:00:00.000Z', '2026-05-04T16:00:00.000Z', 'Swim'],
      ['2026-05-18T16:00:00.000Z', '2026-05-19T10:00:00.000Z', 'Swim (Tuesday)'],
      ['2026-06-01T16:00:00.000Z', '2026-06-01T16:00:00.000Z', 'Swim'],
    ]);

    // The series itself: the creator changes it; DELETE cancels it everywhere.
    ok(await api.patch(`/v1/events/${id}`, { token: member.accessToken, body: { title: 'Swimming' } }), 200);
    expectProblem(
      await api.patch(`/v1/events/${id}`, { token: other.accessToken, body: { title: 'x' } }),
      403,
      'forbidden',
    );
    ok(await api.delete(`/v1/events/${id}`, { token: admin.accessToken }), 204);
    expect(of(await list(member.accessToken, '2026-05-01T00:00:00Z', '2026-07-01T00:00:00Z'), id)).toEqual(
      [],
    );
    expect(ok(await api.get(`/v1/events/${id}`, { token: member.accessToken }), 200).body.cancelled).toBe(
      true,
    );
    expectProblem(await api.delete(`/v1/events/${id}`, { token: admin.accessToken }), 404, 'not_found');
  });

  it('counts RSVPs per occurrence, with my own answer, without touching other occurrences', async () => {
    const id = await createEvent(owner.accessToken, {
      title: 'Dinner',
      startsAt: '2026-09-01T18:00:00Z',
      endsAt: '2026-09-01T20:00:00Z',
      timeZone: 'UTC',
      rrule: 'FREQ=DAILY;COUNT=3',
    });
    const put = (token: string, body: Record<string, unknown>): Promise<Answer> =>
      api.request('PUT', `/v1/events/${id}/attendance`, { token, body });
    const second = '2026-09-02T18:00:00.000Z';
    ok(await put(member.accessToken, { status: 'yes', occurrence: second }), 200);
    ok(await put(other.accessToken, { status: 'maybe', occurrence: second }), 200);
    const last = ok(await put(other.accessToken, { status: 'yes', occurrence: second }), 200);
    expect(last.body).toEqual({
      eventId: id,
      occurrence: second,
      status: 'yes',
      attendance: { yes: 2, no: 0, maybe: 0 },
    });
    ok(await put(admin.accessToken, { status: 'no', occurrence: '2026-09-03T18:00:00Z' }), 200);
    expectProblem(await put(member.accessToken, { status: 'yes' }), 400, 'invalid');
    expectProblem(
      await put(member.accessToken, { status: 'yes', occurrence: '2026-09-02T19:00:00Z' }),
      404,
      'not_found',
    );
    expectProblem(await put(member.accessToken, { status: 'sure' }), 400, 'invalid');

    const items = of(await list(member.accessToken, '2026-09-01T00:00:00Z', '2026-09-05T00:00:00Z'), id);
    expect(items.map((item) => [item.originalStart, item.attendance, item.myStatus])).toEqual([
      ['2026-09-01T18:00:00.000Z', { yes: 0, no: 0, maybe: 0 }, null],
      [second, { yes: 2, no: 0, maybe: 0 }, 'yes'],
      ['2026-09-03T18:00:00.000Z', { yes: 0, no: 1, maybe: 0 }, null],
    ]);

    // A single event takes one RSVP per member.
    const single = await createEvent(owner.accessToken, {
      title: 'Picnic',
      startsAt: '2026-09-10T10:00:00Z',
      endsAt: '2026-09-10T14:00:00Z',
      timeZone: 'UTC',
    });
    ok(
      await api.request('PUT', `/v1/events/${single}/attendance`, {
        token: member.accessToken,
        body: { status: 'maybe' },
      }),
      200,
    );
    const [picnic] = of(
      await list(member.accessToken, '2026-09-10T00:00:00Z', '2026-09-11T00:00:00Z'),
      single,
    );
    expect(picnic).toMatchObject({ attendance: { yes: 0, no: 0, maybe: 1 }, myStatus: 'maybe' });
  });

  it('refuses ranges over a year, reversed ranges, bad zones and bad rrules (400)', async () => {
    expectProblem(
      await api.get(`/v1/villages/${villageId}/events?from=2026-01-01T00:00:00Z&to=2027-01-03T00:00:00Z`, {
        token: member.accessToken,
      }),
      400,
      'invalid',
    );
    expectProblem(
      await api.get(`/v1/villages/${villageId}/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`, {
        token: member.accessToken,
      }),
      400,
      'invalid',
    );
    ok(
      await api.get(`/v1/villages/${villageId}/events?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`, {
        token: member.accessToken,
      }),
      200,
    );
    const base = {
      title: 'x',
      startsAt: '2026-01-01T10:00:00Z',
      endsAt: '2026-01-01T11:00:00Z',
      timeZone: 'UTC',
    };
    for (const body of [
      { ...base, timeZone: 'Mars/Olympus' },
      { ...base, rrule: 'FREQ=MINUTELY' },
      { ...base, rrule: 'FREQ=WHENEVER' },
      { ...base, endsAt: '2026-01-01T09:00:00Z' },
      { ...base, visibility: 'secret' },
      { ...base, owner: 'me' },
    ]) {
      expectProblem(
        await api.post(`/v1/villages/${villageId}/events`, { token: member.accessToken, body }),
        400,
        'invalid',
      );
    }
  });

  it('publishes calendar events valid against their contracts, with the village and the ids', async () => {
    const js = jetstream(nc);
    const consumer = await js.consumers.get(serviceStreamName(suite.environment.prefix, 'calendar'));
    const received: EventEnvelope[] = [];
    const deadline = Date.now() + 15_000;
    const types = new Set<string>();
    while (Date.now() < deadline) {
      const msg = await consumer.next({ expires: 1000 });
      if (!msg) break;
      const envelope = msg.json<EventEnvelope>();
      const definition = findEvent(envelope.type, envelope.version);
      expect(definition).toBeDefined();
      if (definition) eventEnvelope(definition.data).parse(envelope);
      received.push(envelope);
      types.add(envelope.type);
    }
    for (const envelope of received) {
      const definition = findEvent(envelope.type, envelope.version);
      expect(definition).toBeDefined();
      if (
        envelope.type.startsWith('calendar.calendar_event') ||
        envelope.type === 'calendar.attendance.changed'
      ) {
        definition?.data.parse(envelope.data);
        expect(envelope.villageId).toBe(villageId);
        expect(envelope.data).toMatchObject({ villageId, eventId: expect.any(String) });
      }
    }
    expect([...types].filter((type) => !type.includes('feed')).sort()).toEqual(
      expect.arrayContaining([
        'calendar.attendance.changed',
        'calendar.calendar_event.cancelled',
        'calendar.calendar_event.created',
        'calendar.calendar_event.updated',
      ]),
    );
    const occurrenceCancel = received.find(
      (envelope) =>
        envelope.type === 'calendar.calendar_event.cancelled' &&
        (envelope.data as { occurrence: unknown }).occurrence !== null,
    );
    expect(occurrenceCancel?.data).toMatchObject({
      occurrence: { originalStart: '2026-05-25T16:00:00.000Z', cancelled: true },
    });
    const moved = received.find(
      (envelope) =>
        envelope.type === 'calendar.calendar_event.updated' &&
        (envelope.data as { occurrence: unknown }).occurrence !== null,
    );
    expect(moved?.data).toMatchObject({
      occurrence: { originalStart: '2026-05-18T16:00:00.000Z', startsAt: '2026-05-19T10:00:00.000Z' },
    });
    const rsvp = received.find((envelope) => envelope.type === 'calendar.attendance.changed');
    expect(rsvp?.data).toMatchObject({ memberId: member.userId, status: 'yes', previousStatus: null });
  });
});
