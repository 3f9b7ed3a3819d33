import { eventually } from '@vv/testing';
import { type Answer, expectProblem, signUp } from './http';
import { rawHttp } from './raw-http';
import { calendarAbuseSuite, PUBLIC_BASE_URL, type CalendarAbuseSuite } from './calendar-abuse-harness';

/**
 * Calendar abuse: feed URLs and their rotation, and writes of a member removed from a public village.
 */
describe('calendar abuse', () => {
  const s = calendarAbuseSuite();
  let suite: CalendarAbuseSuite['suite'];
  let api: CalendarAbuseSuite['api'];
  let sql: CalendarAbuseSuite['sql'];
  let owner: CalendarAbuseSuite['owner'];
  let member: CalendarAbuseSuite['member'];
  let villageId: CalendarAbuseSuite['villageId'];
  let ok: CalendarAbuseSuite['ok'];
  let newVillage: CalendarAbuseSuite['newVillage'];
  let event: CalendarAbuseSuite['event'];

  beforeAll(() => {
    ({ suite, api, sql, owner, member, villageId, ok, newVillage, event } = s);
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
