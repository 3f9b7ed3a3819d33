import { randomUUID } from 'node:crypto';
import { attendanceSnapshot, type ResponseOf } from '@vv/contracts';
import type { RunningApp } from '@vv/platform';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { createCalendarApp } from '../src/app';

type Page = ResponseOf<typeof attendanceSnapshot>;

/** The internal snapshot notifications rebuilds attendance from, against real PostgreSQL and NATS. */
describe('calendar: attendance snapshot', () => {
  let t: TestEnvironment;
  let running: RunningApp;
  let sql: Client;
  const villageId = randomUUID();
  const creator = randomUUID();

  const create = async (rrule: string | null = null): Promise<string> =>
    (
      await sql.query<{ id: string }>(
        `select id from calendar.create_event(p_village_id => $1, p_actor_id => $2, p_title => 'T',
           p_starts_at => '2030-06-03T08:00:00Z', p_ends_at => '2030-06-03T09:00:00Z', p_time_zone => 'UTC',
           p_span_end => null, p_rrule => $3)`,
        [villageId, creator, rrule],
      )
    ).rows[0].id;
  const answer = (eventId: string, memberId: string, status: string, occurrence = '-infinity') =>
    sql.query('select * from calendar.set_attendance($1, $2, $3, $4)', [
      eventId,
      memberId,
      occurrence,
      status,
    ]);

  beforeAll(async () => {
    t = await createTestEnvironment();
    running = t.track(await createCalendarApp({ ...t.env, CALENDAR_HTTP_PORT: '0' }));
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    t.track({ close: () => sql.end() });
  });

  afterAll(() => t.cleanup());

  it('pages every answer to a live event, with its version', async () => {
    const [single, series, cancelled] = [await create(), await create('FREQ=WEEKLY'), await create()];
    const [ann, bob] = [randomUUID(), randomUUID()];
    await answer(single, ann, 'yes');
    await answer(single, bob, 'maybe');
    await answer(series, ann, 'no', '2030-06-10T08:00:00Z');
    await answer(cancelled, ann, 'yes');
    await sql.query('select * from calendar.cancel_event($1, $2)', [cancelled, creator]);

    const items: Page['items'] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await running.services.client.call(attendanceSnapshot, { cursor, limit: 1 });
      expect(page.items.length).toBeLessThanOrEqual(1);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);

    const answers = items.map(({ eventId, memberId, occurrenceStart, status }) => ({
      eventId,
      memberId,
      occurrenceStart,
      status,
    }));
    expect(answers).toHaveLength(3);
    expect(answers).toEqual(
      expect.arrayContaining([
        { eventId: single, memberId: ann, occurrenceStart: null, status: 'yes' },
        { eventId: single, memberId: bob, occurrenceStart: null, status: 'maybe' },
        { eventId: series, memberId: ann, occurrenceStart: '2030-06-10T08:00:00.000Z', status: 'no' },
      ]),
    );
    expect(
      items.every((item) => item.villageId === villageId && !Number.isNaN(Date.parse(item.versionAt))),
    ).toBe(true);
  });
});
