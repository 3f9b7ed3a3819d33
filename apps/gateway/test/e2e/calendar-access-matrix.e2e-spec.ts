import { randomUUID } from 'node:crypto';
import { bootSuite, type Suite } from './boot-suite';
import {
  adminWrite,
  CALENDAR_PATH,
  documentedOperations,
  memberWrite,
  MatrixPeople,
  READ,
  VISIBILITIES,
  type MatrixRow,
  type Visibility,
} from './access-matrix';
import { Api, signUp, type Answer } from './http';
import { addMember } from './members';

/**
 * The access matrix of every calendar route but the token-authenticated .ics feed: each operation
 * × caller (outsider, member, admin, owner) × village visibility (API.md, issue 5):
 * - a private village and its events are 404 to non-members; a public one's events are readable
 *   by anyone signed in, and writing (creating, RSVPs, feed tokens) is 403 to its outsiders;
 * - members create events (`events.create`); the creator or an admin (`events.manage`) edits and
 *   cancels, 403 to other members.
 * The fixtures are made by the owner. The table is checked against the OpenAPI document.
 */

interface Village {
  id: string;
  visibility: Visibility;
  eventId: string;
}

const FEED_PATH = /\/calendar\.ics$/;
const EVENT = {
  title: 'Matrix event',
  startsAt: '2026-07-06T08:00:00Z',
  endsAt: '2026-07-06T09:00:00Z',
  timeZone: 'Europe/Berlin',
  rrule: 'FREQ=WEEKLY;COUNT=10',
};
const OCCURRENCE = encodeURIComponent('2026-07-13T08:00:00.000Z');

describe('access matrix of the calendar routes', () => {
  let suite: Suite;
  let api: Api;
  let m: MatrixPeople;
  const villages = {} as Record<Visibility, Village>;

  const owner = (): string => m.token('owner');
  const newEvent = async (villageId: string): Promise<string> =>
    m.idOf(await api.post(`/v1/villages/${villageId}/events`, { token: owner(), body: EVENT }), 201);

  async function createFixtures(visibility: Visibility): Promise<Village> {
    const id = await m.createVillage(visibility, `Calendar ${visibility}`);
    return { id, visibility, eventId: await newEvent(id) };
  }

  const rows: MatrixRow<Village>[] = [
    {
      operation: 'get /v1/villages/{villageId}/events',
      call: (v, token) =>
        api.get(`/v1/villages/${v.id}/events?from=2026-07-01T00:00:00Z&to=2026-08-01T00:00:00Z`, { token }),
      expected: READ,
    },
    {
      operation: 'post /v1/villages/{villageId}/events',
      call: (v, token) => api.post(`/v1/villages/${v.id}/events`, { token, body: EVENT }),
      expected: memberWrite(201),
    },
    {
      operation: 'get /v1/events/{id}',
      call: (v, token) => api.get(`/v1/events/${v.eventId}`, { token }),
      expected: READ,
    },
    {
      // The owner's event: the admin manages events, a member may not change another's.
      operation: 'patch /v1/events/{id}',
      call: (v, token) =>
        api.patch(`/v1/events/${v.eventId}?occurrence=${OCCURRENCE}`, { token, body: { location: 'Hall' } }),
      expected: adminWrite(200),
    },
    {
      operation: 'delete /v1/events/{id}',
      prepare: (v) => newEvent(v.id),
      call: (_v, token, id) => api.delete(`/v1/events/${id}`, { token }),
      expected: adminWrite(204),
    },
    {
      operation: 'put /v1/events/{id}/attendance',
      call: (v, token) =>
        api.request('PUT', `/v1/events/${v.eventId}/attendance`, {
          token,
          body: { status: 'yes', occurrence: '2026-07-20T08:00:00Z' },
        }),
      expected: memberWrite(200),
    },
    {
      operation: 'post /v1/villages/{villageId}/calendar-token',
      call: (v, token) => api.post(`/v1/villages/${v.id}/calendar-token`, { token }),
      expected: memberWrite(201),
    },
    {
      operation: 'delete /v1/villages/{villageId}/calendar-token',
      call: (v, token) => api.delete(`/v1/villages/${v.id}/calendar-token`, { token }),
      expected: memberWrite(204),
    },
  ];

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    m = new MatrixPeople(api);
    await m.signUp();
    for (const visibility of VISIBILITIES) villages[visibility] = await createFixtures(visibility);
  });

  afterAll(() => suite.close());

  it('has a row for every calendar route of the OpenAPI document but the feed, and no other', async () => {
    const calendarOperations = await documentedOperations(
      api,
      (path) => CALENDAR_PATH.test(path) && !FEED_PATH.test(path),
    );
    expect(calendarOperations).toEqual(
      expect.arrayContaining(['get /v1/villages/{villageId}/events', 'put /v1/events/{id}/attendance']),
    );
    expect(rows.map((row) => row.operation).sort()).toEqual(calendarOperations.sort());
  });

  it.each(rows.map((row) => [row.operation, row] as const))('%s', async (_operation, row) => {
    for (const visibility of VISIBILITIES) {
      const statuses = await m.statuses(row, villages[visibility]);
      expect({ visibility, statuses }).toEqual({ visibility, statuses: row.expected[visibility] });
    }
  });

  it('answers 404 to a member of one village using the event ids of another', async () => {
    const b = villages.private;
    const a = await m.createVillage('private', 'Calendar A');
    const eventOfA = await newEvent(a);
    const token = m.token('member');
    // The member belongs to A and to B; a fresh account of A alone is the foreign caller.
    const onlyA = await signUp(api, 'Member of A');
    await addMember(api, a, owner(), onlyA);
    const foreign = onlyA.accessToken;
    const answers: Array<[string, Answer]> = [
      ['event', await api.get(`/v1/events/${b.eventId}`, { token: foreign })],
      ['edit event', await api.patch(`/v1/events/${b.eventId}`, { token: foreign, body: { title: 'x' } })],
      [
        'edit occurrence',
        await api.patch(`/v1/events/${b.eventId}?occurrence=${OCCURRENCE}`, {
          token: foreign,
          body: { cancelled: true },
        }),
      ],
      ['cancel event', await api.delete(`/v1/events/${b.eventId}`, { token: foreign })],
      [
        'rsvp',
        await api.request('PUT', `/v1/events/${b.eventId}/attendance`, {
          token: foreign,
          body: { status: 'yes', occurrence: '2026-07-06T08:00:00Z' },
        }),
      ],
      [
        "B's events",
        await api.get(`/v1/villages/${b.id}/events?from=2026-07-01T00:00:00Z&to=2026-08-01T00:00:00Z`, {
          token: foreign,
        }),
      ],
      ['create in B', await api.post(`/v1/villages/${b.id}/events`, { token: foreign, body: EVENT })],
      ['unknown event', await api.get(`/v1/events/${randomUUID()}`, { token: foreign })],
    ];
    expect(answers.map(([what, answer]) => ({ what, status: answer.status }))).toEqual(
      answers.map(([what]) => ({ what, status: 404 })),
    );
    // A's own event is theirs to read; B's event is untouched and not in A's range.
    expect((await api.get(`/v1/events/${eventOfA}`, { token: foreign })).status).toBe(200);
    const inA = await api.get(`/v1/villages/${a}/events?from=2026-07-01T00:00:00Z&to=2026-08-01T00:00:00Z`, {
      token,
    });
    expect(inA.body.items.map((item: { id: string }) => item.id)).not.toContain(b.eventId);
    expect((await api.get(`/v1/events/${b.eventId}`, { token: owner() })).body.cancelled).toBe(false);
  });

  it('answers 401 to every calendar route without a token', async () => {
    for (const row of rows) {
      const answer = await row.call(villages.private, '', randomUUID());
      expect({ operation: row.operation, status: answer.status }).toEqual({
        operation: row.operation,
        status: 401,
      });
    }
  });
});
