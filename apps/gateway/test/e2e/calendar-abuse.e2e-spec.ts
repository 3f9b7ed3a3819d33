import { eventually } from '@vv/testing';
import { Client } from 'pg';
import { addMember } from './members';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, signUp, type Account, type Answer } from './http';
import { rawHttp } from './raw-http';

const PUBLIC_BASE_URL = 'https://calendar.example.org';

const range = (villageId: string, from: string, to: string): string =>
  `/v1/villages/${villageId}/events?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

/** The field-level reasons of a 400 problem. */
const fieldsOf = (answer: Answer): string[] => {
  const errors: Array<{ field: string }> = answer.body?.errors ?? [];
  return errors.map((error) => error.field);
};

/**
 * No single calendar client can stall, crash or trick the suite (issue 13): unbounded recurrence is
 * refused at write and bounded at read (also for rules stored before validation) while another
 * village keeps being served; feed URLs come from PUBLIC_BASE_URL, never from the Host header;
 * a member removed from a public village no longer writes anything of the calendar.
 */
describe('calendar abuse', () => {
  let suite: Suite;
  let api: Api;
  let sql: Client;
  let owner: Account;
  let member: Account;
  let neighbour: Account;
  let villageId: string;
  let otherVillageId: string;

  const ok = (answer: Answer, status: number): Answer => {
    if (answer.status !== status)
      throw new Error(`unexpected ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const newVillage = async (who: Account, visibility: 'private' | 'public'): Promise<string> =>
    String(
      ok(await api.post('/v1/villages', { token: who.accessToken, body: { name: 'V', visibility } }), 201)
        .body.id,
    );
  const event = (overrides: Record<string, unknown> = {}) => ({
    title: 'Choir',
    startsAt: '2030-03-04T18:00:00Z',
    endsAt: '2030-03-04T19:00:00Z',
    timeZone: 'Europe/Berlin',
    ...overrides,
  });

  beforeAll(async () => {
    suite = await bootSuite({ gateway: { PUBLIC_BASE_URL } });
    api = new Api(suite.url);
    sql = new Client({ connectionString: suite.environment.env.DATABASE_URL });
    await sql.connect();
    owner = await signUp(api, 'Owner');
    member = await signUp(api, 'Member');
    neighbour = await signUp(api, 'Neighbour');
    villageId = await newVillage(owner, 'private');
    otherVillageId = await newVillage(neighbour, 'private');
    await addMember(api, villageId, owner.accessToken, member);
    ok(
      await api.post(`/v1/villages/${otherVillageId}/events`, {
        token: neighbour.accessToken,
        body: event({ rrule: 'FREQ=WEEKLY;COUNT=10' }),
      }),
      201,
    );
  });

  afterAll(async () => {
    await sql.end();
    await suite.close();
  });

  /** The neighbouring village's reads, one after another, until `done` settles. */
  const readWhile = async (done: Promise<unknown>): Promise<Answer[]> => {
    const state = { settled: false };
    const mark = () => (state.settled = true);
    void done.then(mark, mark);
    const answers: Answer[] = [];
    do {
      answers.push(
        await api.get(range(otherVillageId, '2030-03-01T00:00:00Z', '2030-06-01T00:00:00Z'), {
          token: neighbour.accessToken,
        }),
      );
    } while (!state.settled);
    return answers;
  };

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

  describe('feed URLs and rotation', () => {
    const feedOf = (token: string) =>
      api.get(`/v1/villages/${villageId}/calendar.ics?token=${encodeURIComponent(token)}`);
    const rotateRaw = (lines: string[]) =>
      rawHttp(
        suite.url,
        [
          ...lines,
          `Authorization: Bearer ${member.accessToken}`,
          'Content-Length: 0',
          'Connection: close',
          '',
          '',
        ].join('\r\n'),
      );
    const expectFeedUrl = (url: string, token: string) =>
      expect(url).toBe(
        `${PUBLIC_BASE_URL}/v1/villages/${villageId}/calendar.ics?token=${encodeURIComponent(token)}`,
      );

    it('names PUBLIC_BASE_URL for an HTTP/1.0 request without Host, and the rotation took effect', async () => {
      const first = ok(
        await api.post(`/v1/villages/${villageId}/calendar-token`, { token: member.accessToken }),
        201,
      ).body as { token: string; url: string };
      expectFeedUrl(first.url, first.token);

      const answer = await rotateRaw([`POST /v1/villages/${villageId}/calendar-token HTTP/1.0`]);
      expect(answer.status).toBe(201);
      const second = JSON.parse(answer.body) as { token: string; url: string };
      expectFeedUrl(second.url, second.token);
      expect((await feedOf(second.token)).status).toBe(200);
      expect((await feedOf(first.token)).status).toBe(404);
    });

    it('never names the host a client sends', async () => {
      const answer = await rotateRaw([
        `POST /v1/villages/${villageId}/calendar-token HTTP/1.1`,
        'Host: evil.example:1234',
        'X-Forwarded-Host: evil.example',
      ]);
      expect(answer.status).toBe(201);
      const { token, url } = JSON.parse(answer.body) as { token: string; url: string };
      expectFeedUrl(url, token);
      expect(answer.body).not.toContain('evil.example');
    });

    it('keeps the old token working when a rotation fails', async () => {
      const first = ok(
        await api.post(`/v1/villages/${villageId}/calendar-token`, { token: member.accessToken }),
        201,
      ).body as { token: string };
      // The rotation's write fails in the database: nothing of it may stay.
      await sql.query(`create function calendar.test_refuse() returns trigger language plpgsql as
        $$ begin raise exception 'refused by the test'; end $$`);
      await sql.query(
        'create trigger test_refuse before update on calendar.feed_tokens for each row execute function calendar.test_refuse()',
      );
      try {
        const failed = await api.post(`/v1/villages/${villageId}/calendar-token`, {
          token: member.accessToken,
        });
        expect(failed.status).toBeGreaterThanOrEqual(500);
      } finally {
        await sql.query('drop trigger test_refuse on calendar.feed_tokens');
        await sql.query('drop function calendar.test_refuse()');
      }
      expect((await feedOf(first.token)).status).toBe(200);
    });
  });

  it('refuses every calendar write of a member removed from a public village', async () => {
    const publicId = await newVillage(owner, 'public');
    const former = await signUp(api, 'Former');
    ok(await api.post(`/v1/villages/${publicId}/join`, { token: former.accessToken }), 200);
    const created = ok(
      await api.post(`/v1/villages/${publicId}/events`, {
        token: former.accessToken,
        body: event({ rrule: 'FREQ=WEEKLY;COUNT=10' }),
      }),
      201,
    );
    const eventId = String(created.body.id);
    const occurrence = encodeURIComponent('2030-03-11T18:00:00.000Z');
    ok(
      await api.request('PUT', `/v1/events/${eventId}/attendance`, {
        token: former.accessToken,
        body: { status: 'yes', occurrence: '2030-03-11T18:00:00.000Z' },
      }),
      200,
    );
    ok(await api.post(`/v1/villages/${publicId}/calendar-token`, { token: former.accessToken }), 201);

    ok(
      await api.delete(`/v1/villages/${publicId}/members/${former.userId}`, { token: owner.accessToken }),
      204,
    );
    // Calendar's membership replica has applied the removal once creating is refused.
    await eventually(async () => {
      const refused = await api.post(`/v1/villages/${publicId}/events`, {
        token: former.accessToken,
        body: event(),
      });
      expect(refused.status).toBe(403);
    });

    const token = former.accessToken;
    const writes: Array<[string, Answer]> = [
      ['edit', await api.patch(`/v1/events/${eventId}`, { token, body: { title: 'Mine still' } })],
      [
        'edit occurrence',
        await api.patch(`/v1/events/${eventId}?occurrence=${occurrence}`, { token, body: { title: 'x' } }),
      ],
      [
        'cancel occurrence',
        await api.patch(`/v1/events/${eventId}?occurrence=${occurrence}`, {
          token,
          body: { cancelled: true },
        }),
      ],
      ['cancel', await api.delete(`/v1/events/${eventId}`, { token })],
      [
        'rsvp',
        await api.request('PUT', `/v1/events/${eventId}/attendance`, {
          token,
          body: { status: 'no', occurrence: '2030-03-11T18:00:00.000Z' },
        }),
      ],
      ['feed token', await api.post(`/v1/villages/${publicId}/calendar-token`, { token })],
    ];
    expect(writes.map(([what, answer]) => ({ what, status: answer.status }))).toEqual(
      writes.map(([what]) => ({ what, status: 403 })),
    );
    for (const [, answer] of writes) expectProblem(answer, 403, 'forbidden');

    // Nothing changed; the village's admins still manage the event.
    const seen = ok(await api.get(`/v1/events/${eventId}`, { token: owner.accessToken }), 200).body;
    expect(seen).toMatchObject({ title: 'Choir', cancelled: false, exceptions: [] });
    ok(await api.patch(`/v1/events/${eventId}`, { token: owner.accessToken, body: { title: 'Kept' } }), 200);
  });
});
