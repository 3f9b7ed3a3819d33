import { createHash, randomUUID } from 'node:crypto';
import { loadConfig } from '@vv/platform';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { calendarConfigSchema } from '../src/config';
import { migrateCalendar } from '../src/migrations';

const hash = (token: string): Buffer => createHash('sha256').update(token).digest();

/** The feed's stored functions on real PostgreSQL: the one query a feed is built from, and its tokens. */
describe('feed functions (calendar, real PostgreSQL)', () => {
  let t: TestEnvironment;
  let sql: Client;
  const village = randomUUID();
  const member = randomUUID();

  const insertEvent = async (fields: {
    title: string;
    startsAt: string;
    endsAt: string;
    spanEnd: string | null;
    rrule?: string;
    exdates?: string[];
    cancelled?: boolean;
    villageId?: string;
  }): Promise<string> => {
    const { rows } = await sql.query<{ id: string }>(
      `insert into calendar.events (village_id, created_by, title, starts_at, ends_at, time_zone, rrule,
                                    exdates, span, cancelled_at)
       values ($1, $2, $3, $4, $5, 'Europe/Berlin', $6, $7, tstzrange($4, $8), $9) returning id`,
      [
        fields.villageId ?? village,
        member,
        fields.title,
        fields.startsAt,
        fields.endsAt,
        fields.rrule ?? null,
        fields.exdates ?? [],
        fields.spanEnd,
        fields.cancelled ? new Date() : null,
      ],
    );
    return rows[0].id;
  };

  beforeAll(async () => {
    t = await createTestEnvironment();
    await migrateCalendar(loadConfig(calendarConfigSchema, t.env));
    sql = new Client({ connectionString: t.env.DATABASE_URL });
    await sql.connect();
  });

  afterAll(async () => {
    await sql.end();
    await t.cleanup();
  });

  it('lists the live events reaching past the window start, with exdates and exceptions, in one call', async () => {
    const series = await insertEvent({
      title: 'Open-ended weekly since 2020',
      startsAt: '2020-01-06T17:00:00Z',
      endsAt: '2020-01-06T18:00:00Z',
      spanEnd: null,
      rrule: 'FREQ=WEEKLY',
      exdates: ['2020-01-13T17:00:00Z'],
    });
    await sql.query(
      `insert into calendar.event_exceptions (event_id, original_start, title, starts_at, ends_at)
       values ($1, '2020-01-20T17:00:00Z', 'Moved', '2020-01-20T15:00:00Z', '2020-01-20T16:00:00Z')`,
      [series],
    );
    await sql.query(
      `insert into calendar.event_exceptions (event_id, original_start, cancelled) values ($1, '2020-01-27T17:00:00Z', true)`,
      [series],
    );
    const upcoming = await insertEvent({
      title: 'Upcoming',
      startsAt: '2030-01-01T10:00:00Z',
      endsAt: '2030-01-01T11:00:00Z',
      spanEnd: '2030-01-01T11:00:00Z',
    });
    await insertEvent({
      title: 'Long past',
      startsAt: '2021-01-01T10:00:00Z',
      endsAt: '2021-01-01T11:00:00Z',
      spanEnd: '2021-01-01T11:00:00Z',
    });
    await insertEvent({
      title: 'Cancelled',
      startsAt: '2030-02-01T10:00:00Z',
      endsAt: '2030-02-01T11:00:00Z',
      spanEnd: '2030-02-01T11:00:00Z',
      cancelled: true,
    });
    await insertEvent({
      title: 'Elsewhere',
      startsAt: '2030-02-01T10:00:00Z',
      endsAt: '2030-02-01T11:00:00Z',
      spanEnd: '2030-02-01T11:00:00Z',
      villageId: randomUUID(),
    });

    const { rows } = await sql.query<{ id: string; exdates: string[]; exceptions: unknown[] }>(
      `select * from calendar.list_feed_events(p_village_id => $1, p_from => '2025-01-01T00:00:00Z')`,
      [village],
    );
    expect(rows.map((row) => row.id)).toEqual([series, upcoming]);
    expect(rows[0].exdates).toEqual(['2020-01-13T17:00:00.000Z']);
    expect(rows[0].exceptions).toEqual([
      expect.objectContaining({
        originalStart: '2020-01-20T17:00:00.000Z',
        cancelled: false,
        title: 'Moved',
        startsAt: '2020-01-20T15:00:00.000Z',
        endsAt: '2020-01-20T16:00:00.000Z',
      }),
      expect.objectContaining({ originalStart: '2020-01-27T17:00:00.000Z', cancelled: true, startsAt: null }),
    ]);
    expect(rows[1].exceptions).toEqual([]);
  });

  it('keeps one token per member per village, stored as its sha256; revoking deletes it', async () => {
    const find = async (token: string) =>
      (
        await sql.query<{ village_id: string; member_id: string }>(
          'select * from calendar.find_feed_token(p_village_id => $1, p_token_hash => $2)',
          [village, hash(token)],
        )
      ).rows;
    const create = (token: string) =>
      sql.query(
        'select * from calendar.create_feed_token(p_village_id => $1, p_member_id => $2, p_token_hash => $3)',
        [village, member, hash(token)],
      );
    await create('first');
    expect(await find('first')).toHaveLength(1);
    await create('second');
    expect(await find('first')).toHaveLength(0);
    expect(await find('second')).toEqual([
      expect.objectContaining({ village_id: village, member_id: member }),
    ]);
    const stored = await sql.query<{ token_hash: Buffer }>(
      'select token_hash from calendar.feed_tokens where member_id = $1',
      [member],
    );
    expect(stored.rows.map((row) => row.token_hash.toString('hex'))).toEqual([
      hash('second').toString('hex'),
    ]);
    await expect(
      sql.query('select * from calendar.create_feed_token($1, $2, $3)', [
        village,
        member,
        Buffer.from('short'),
      ]),
    ).rejects.toThrow(/feed_tokens_token_hash_length_check/);

    const revoked = await sql.query(
      'select * from calendar.revoke_feed_token(p_village_id => $1, p_member_id => $2)',
      [village, member],
    );
    expect(revoked.rowCount).toBe(1);
    expect(await find('second')).toHaveLength(0);
    expect(
      (await sql.query('select * from calendar.revoke_feed_token($1, $2)', [village, member])).rowCount,
    ).toBe(0);
  });
});
