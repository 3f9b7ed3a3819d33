import { createHash } from 'node:crypto';
import { expandRecurringEvent, sync, type VEvent } from 'node-ical';
import { eventually } from '@vv/testing';
import { Client } from 'pg';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, signUp, type Account } from './http';
import { addMember } from './members';

/** The iCalendar feed over HTTP: identity, calendar and the gateway booted, parsed back with node-ical. */
describe('the calendar feed over HTTP', () => {
  let suite: Suite;
  let api: Api;
  let sql: Client;
  let owner: Account;
  let member: Account;
  let outsider: Account;
  let villageId: string;
  let publicVillageId: string;

  const newToken = async (who: Account, village = villageId) => {
    const answer = await api.post(`/v1/villages/${village}/calendar-token`, { token: who.accessToken });
    expect(answer.status).toBe(201);
    return answer.body as { token: string; url: string };
  };
  const feedPath = (token: string, village = villageId) =>
    `/v1/villages/${village}/calendar.ics?token=${encodeURIComponent(token)}`;
  const fetchFeed = (token: string, village = villageId) => api.get(feedPath(token, village));
  const parse = (ics: string): VEvent[] =>
    Object.values(sync.parseICS(ics)).filter((c): c is VEvent => c?.type === 'VEVENT');

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    sql = new Client({ connectionString: suite.environment.env.DATABASE_URL });
    await sql.connect();
    [owner, member, outsider] = [
      await signUp(api, 'Owner'),
      await signUp(api, 'Member'),
      await signUp(api, 'Outsider'),
    ];
    const create = async (visibility: string) =>
      (await api.post('/v1/villages', { token: owner.accessToken, body: { name: 'Family', visibility } }))
        .body.id as string;
    villageId = await create('private');
    publicVillageId = await create('public');
    await addMember(api, villageId, owner.accessToken, member, 'member');
  });

  afterAll(async () => {
    await sql.end();
    await suite.close();
  });

  // The feed reaches 90 days back, so the series lies in next year's spring: weekly on Fridays at
  // 18:00 Berlin from 16 days before the change to summer time (the last Sunday of March).
  const year = new Date().getUTCFullYear() + 1;
  const lastSundayOfMarch = new Date(Date.UTC(year, 2, 31));
  lastSundayOfMarch.setUTCDate(31 - lastSundayOfMarch.getUTCDay());
  /** The instant `days` after the first Friday at `hour` UTC. */
  const at = (days: number, hour: number): string =>
    new Date(lastSundayOfMarch.getTime() + (days - 16) * 86_400_000 + hour * 3_600_000).toISOString();
  /** `20270312T180000`: the local wall clock of an instant that is 18:00 in Berlin. */
  const local = (instant: string): string => `${instant.slice(0, 10).replace(/-/g, '')}T180000`;

  it('serves text/calendar that parses back into the occurrences the API returns (DST, exception, exdate)', async () => {
    const created = await api.post(`/v1/villages/${villageId}/events`, {
      token: owner.accessToken,
      body: {
        title: 'Choir',
        description: 'Bring the sheets',
        location: 'Hall',
        startsAt: at(0, 17),
        endsAt: at(0, 18.5),
        timeZone: 'Europe/Berlin',
        rrule: 'FREQ=WEEKLY;COUNT=8',
        exdates: [at(7, 17)],
      },
    });
    expect(created.status).toBe(201);
    const eventId = created.body.id as string;
    // After the change the occurrences are at 16:00Z (18:00 CEST): move one, cancel another.
    const moved = await api.patch(`/v1/events/${eventId}?occurrence=${at(21, 16)}`, {
      token: owner.accessToken,
      body: { title: 'Choir (early)', startsAt: at(21, 14), endsAt: at(21, 15.5) },
    });
    expect(moved.status).toBe(200);
    const cancelled = await api.patch(`/v1/events/${eventId}?occurrence=${at(35, 16)}`, {
      token: owner.accessToken,
      body: { cancelled: true },
    });
    expect(cancelled.status).toBe(200);
    const allDay = await api.post(`/v1/villages/${villageId}/events`, {
      token: member.accessToken,
      body: {
        title: 'Fair',
        startsAt: `${year}-05-01`,
        endsAt: `${year}-05-03`,
        allDay: true,
        timeZone: 'Europe/Berlin',
      },
    });
    expect(allDay.status).toBe(201);

    const from = `${year}-03-01T00:00:00.000Z`;
    const to = `${year}-06-01T00:00:00.000Z`;
    const listed = await api.get(`/v1/villages/${villageId}/events?from=${from}&to=${to}`, {
      token: member.accessToken,
    });
    expect(listed.status).toBe(200);
    const apiStarts = (listed.body.items as { id: string; startsAt: string }[])
      .filter((o) => o.id === eventId)
      .map((o) => new Date(o.startsAt).toISOString())
      .sort();
    expect(apiStarts).toEqual([at(0, 17), at(14, 17), at(21, 14), at(28, 16), at(42, 16), at(49, 16)]);

    const { token, url } = await newToken(member);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Without PUBLIC_BASE_URL, feed URLs name localhost at the gateway's port (never the Host header).
    expect(url).toBe(`http://localhost:${new URL(suite.url).port}${feedPath(token)}`);
    const feed = await fetchFeed(token);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const ics = feed.body as string;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain(`DTSTART;TZID=Europe/Berlin:${local(at(0, 17))}`);
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin');
    expect(ics).toContain('RRULE:FREQ=WEEKLY;COUNT=8');
    expect(ics).toContain(`EXDATE;TZID=Europe/Berlin:${local(at(7, 17))}`);
    expect(ics).toContain(`EXDATE;TZID=Europe/Berlin:${local(at(35, 16))}`);
    expect(ics).toContain(`RECURRENCE-ID;TZID=Europe/Berlin:${local(at(21, 16))}`);
    expect(ics).toContain(`DTSTART;VALUE=DATE:${year}0501`);
    expect(ics).toContain(`DTEND;VALUE=DATE:${year}0503`);

    const events = parse(ics);
    const series = events.find((e) => e.uid === `${eventId}@virtual-village`);
    expect(series).toBeDefined();
    const instances = expandRecurringEvent(series as VEvent, { from: new Date(from), to: new Date(to) });
    expect(instances.map((instance) => new Date(instance.start).toISOString()).sort()).toEqual(apiStarts);
    expect(instances.find((instance) => instance.isOverride)?.summary).toBe('Choir (early)');
    const fair = events.find((e) => e.uid === `${allDay.body.id}@virtual-village`);
    expect(fair?.datetype).toBe('date');
  });

  it('shows busy events to others without details, and in full to their creator', async () => {
    const busy = await api.post(`/v1/villages/${villageId}/events`, {
      token: owner.accessToken,
      body: {
        title: 'Dentist',
        description: 'Root canal',
        location: 'Main street 1',
        startsAt: at(2, 9),
        endsAt: at(2, 10),
        timeZone: 'Europe/Berlin',
        visibility: 'busy',
      },
    });
    expect(busy.status).toBe(201);
    const uid = `${busy.body.id}@virtual-village`;

    const others = (await fetchFeed((await newToken(member)).token)).body as string;
    expect(others).not.toMatch(/Dentist|Root canal|Main street/);
    const seen = parse(others).find((e) => e.uid === uid);
    expect(seen).toMatchObject({ summary: 'Busy', transparency: 'OPAQUE', class: 'PRIVATE' });
    expect(seen?.description).toBeUndefined();
    expect(seen?.location).toBeUndefined();

    const own = parse((await fetchFeed((await newToken(owner)).token)).body as string).find(
      (e) => e.uid === uid,
    );
    expect(own).toMatchObject({ summary: 'Dentist', location: 'Main street 1' });
  });

  it('stores tokens only hashed; a new token revokes the old one, a revoked or unknown one is 404', async () => {
    const first = await newToken(member);
    expect((await fetchFeed(first.token)).status).toBe(200);
    const rows = await sql.query<{ token_hash: Buffer }>(
      'select token_hash from calendar.feed_tokens where village_id = $1 and member_id = $2',
      [villageId, member.userId],
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0].token_hash.equals(createHash('sha256').update(first.token).digest())).toBe(true);
    const anywhere = await sql.query(
      'select 1 from calendar.feed_tokens t where position($1 in t::text) > 0 or position($2 in t::text) > 0',
      [first.token, Buffer.from(first.token, 'base64url').toString('hex')],
    );
    expect(anywhere.rowCount).toBe(0);

    const second = await newToken(member);
    expect(second.token).not.toBe(first.token);
    expectProblem(await fetchFeed(first.token), 404, 'not_found');
    expect((await fetchFeed(second.token)).status).toBe(200);

    expect(
      (await api.delete(`/v1/villages/${villageId}/calendar-token`, { token: member.accessToken })).status,
    ).toBe(204);
    expectProblem(await fetchFeed(second.token), 404, 'not_found');
    expectProblem(
      await api.delete(`/v1/villages/${villageId}/calendar-token`, { token: member.accessToken }),
      404,
      'not_found',
    );
    expectProblem(await fetchFeed('not-a-token'), 404, 'not_found');
    // A token is bound to its village.
    const owners = await newToken(owner);
    expectProblem(await fetchFeed(owners.token, publicVillageId), 404, 'not_found');
    expectProblem(await api.get(`/v1/villages/${villageId}/calendar.ics`), 400, 'invalid');
  });

  it('gives feeds to members only: outsiders of a public village 403, of a private one 404, no token 401', async () => {
    expectProblem(
      await api.post(`/v1/villages/${publicVillageId}/calendar-token`, { token: outsider.accessToken }),
      403,
      'forbidden',
    );
    expectProblem(
      await api.post(`/v1/villages/${villageId}/calendar-token`, { token: outsider.accessToken }),
      404,
      'not_found',
    );
    expectProblem(await api.post(`/v1/villages/${villageId}/calendar-token`), 401, 'unauthenticated');
  });

  it('answers 404 for the feed of a member removed from the village', async () => {
    const leaver = await signUp(api, 'Leaver');
    await addMember(api, villageId, owner.accessToken, leaver, 'member');
    const { token } = await newToken(leaver);
    expect((await fetchFeed(token)).status).toBe(200);
    const removed = await api.delete(`/v1/villages/${villageId}/members/${leaver.userId}`, {
      token: owner.accessToken,
    });
    expect(removed.status).toBe(204);
    // Calendar's membership replica applies the removal after identity's event.
    const answer = await eventually(async () => {
      const feed = await fetchFeed(token);
      expect(feed.status).toBe(404);
      return feed;
    });
    expectProblem(answer, 404, 'not_found');
  });
});
