import { randomUUID } from 'node:crypto';
import { findEvent } from '@vv/contracts';
import { loadConfig } from '@vv/platform';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { calendarConfigSchema } from '../src/config';
import { migrateCalendar } from '../src/migrations';

interface OutboxRow {
  type: string;
  version: number;
  village_id: string;
  data: Record<string, unknown>;
}

/**
 * Calendar's event functions against real PostgreSQL: the span and its GiST index, exceptions
 * widening the span, attendance counts for many occurrences in one query, and the outbox payloads
 * valid against their contracts.
 */
describe('calendar event functions (real PostgreSQL)', () => {
  let t: TestEnvironment;
  let sql: Client;
  const villageId = randomUUID();
  const actor = randomUUID();

  const create = async (
    startsAt: string,
    endsAt: string,
    spanEnd: string | null,
    rrule: string | null = null,
  ) =>
    (
      await sql.query<{ id: string }>(
        `select id from calendar.create_event(p_village_id => $1, p_actor_id => $2, p_title => 'T',
           p_starts_at => $3, p_ends_at => $4, p_time_zone => 'Europe/Berlin', p_span_end => $5, p_rrule => $6)`,
        [villageId, actor, startsAt, endsAt, spanEnd, rrule],
      )
    ).rows[0].id;
  const inRange = async (from: string, to: string): Promise<string[]> =>
    (
      await sql.query<{ id: string }>('select id from calendar.list_events_in_range($1, $2, $3, 100)', [
        villageId,
        from,
        to,
      ])
    ).rows.map((row) => row.id);

  beforeAll(async () => {
    t = await createTestEnvironment();
    await migrateCalendar(loadConfig(calendarConfigSchema, t.env));
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql.end();
    await t.cleanup();
  });

  it('finds events by span overlap: single, bounded and open-ended series; cancelled ones never', async () => {
    const single = await create('2026-01-10T10:00:00Z', '2026-01-10T11:00:00Z', '2026-01-10T11:00:00Z');
    const bounded = await create(
      '2026-02-02T08:00:00Z',
      '2026-02-02T09:00:00Z',
      '2026-03-02T09:00:00Z',
      'FREQ=WEEKLY;COUNT=5',
    );
    const open = await create('2026-04-01T08:00:00Z', '2026-04-01T09:00:00Z', null, 'FREQ=DAILY');

    expect(await inRange('2026-01-01T00:00:00Z', '2026-01-31T00:00:00Z')).toEqual([single]);
    expect(await inRange('2026-02-20T00:00:00Z', '2026-03-10T00:00:00Z')).toEqual([bounded]);
    expect(await inRange('2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z')).toEqual([open]);
    expect(await inRange('2026-03-03T00:00:00Z', '2026-03-31T00:00:00Z')).toEqual([]);

    await sql.query('select * from calendar.cancel_event($1, $2)', [open, actor]);
    expect(await inRange('2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z')).toEqual([]);
  });

  it('returns the range with the replica facts of the caller on every row, and the facts alone for an empty range', async () => {
    await sql.query("select calendar.apply_village_event($1, 'private', false, now(), $2)", [
      villageId,
      randomUUID(),
    ]);
    await sql.query("select calendar.apply_membership_event($1, $2, 'member', false, now(), $3)", [
      villageId,
      actor,
      randomUUID(),
    ]);
    const event = await create('2027-05-01T10:00:00Z', '2027-05-01T11:00:00Z', '2027-05-01T11:00:00Z');
    const withFacts = (from: string, to: string) =>
      sql.query<Record<string, unknown>>(
        'select * from calendar.list_events_in_range_with_membership($1, $2, $3, $4, 100)',
        [villageId, actor, from, to],
      );
    const facts = { replica_village_known: true, replica_visibility: 'private', replica_role: 'member' };

    const { rows } = await withFacts('2027-05-01T00:00:00Z', '2027-05-02T00:00:00Z');
    expect(rows).toEqual([expect.objectContaining({ ...facts, id: event, visibility: 'village' })]);
    const empty = await withFacts('2027-06-01T00:00:00Z', '2027-06-02T00:00:00Z');
    expect(empty.rows).toEqual([expect.objectContaining({ ...facts, id: null })]);
  });

  it('widens the span when an exception moves an occurrence beyond the series', async () => {
    const id = await create(
      '2026-06-01T08:00:00Z',
      '2026-06-01T09:00:00Z',
      '2026-06-15T09:00:00Z',
      'FREQ=WEEKLY;COUNT=3',
    );
    expect(await inRange('2026-07-01T00:00:00Z', '2026-07-31T00:00:00Z')).not.toContain(id);
    await sql.query(
      `select * from calendar.set_event_exception(p_event_id => $1, p_actor_id => $2, p_original_start => $3,
         p_max_exceptions => 500, p_starts_at => $4, p_ends_at => $5)`,
      [id, actor, '2026-06-15T08:00:00Z', '2026-07-20T08:00:00Z', '2026-07-20T09:00:00Z'],
    );
    expect(await inRange('2026-07-01T00:00:00Z', '2026-07-31T00:00:00Z')).toContain(id);
    const [row] = (
      await sql.query<{ exceptions: Array<{ originalStart: string; startsAt: string }> }>(
        'select exceptions from calendar.get_event($1)',
        [id],
      )
    ).rows;
    expect(row.exceptions).toEqual([
      expect.objectContaining({
        originalStart: '2026-06-15T08:00:00.000Z',
        startsAt: '2026-07-20T08:00:00.000Z',
      }),
    ]);
  });

  it('returns at most p_limit candidates, their last start, and only the exceptions the window uses', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { rows } = await sql.query<{ id: string }>(
        `select id from calendar.create_event(p_village_id => $1, p_actor_id => $2, p_title => 'T',
           p_starts_at => '2027-01-04T08:00:00Z', p_ends_at => '2027-01-04T09:00:00Z', p_time_zone => 'UTC',
           p_span_end => '2027-12-27T09:00:00Z', p_rrule => 'FREQ=WEEKLY;COUNT=52',
           p_last_start => '2027-12-27T08:00:00Z')`,
        [villageId, actor],
      );
      ids.push(rows[0].id);
    }
    const exception = (start: string, movedTo?: string) =>
      sql.query(
        `select 1 from calendar.set_event_exception(p_event_id => $1, p_actor_id => $2, p_original_start => $3,
           p_max_exceptions => 500, p_cancelled => $4, p_starts_at => $5, p_ends_at => $6)`,
        [
          ids[0],
          actor,
          start,
          movedTo ? null : true,
          movedTo ?? null,
          movedTo ? movedTo.replace('T08', 'T09') : null,
        ],
      );
    await exception('2027-02-01T08:00:00Z'); // in the window
    await exception('2027-09-06T08:00:00Z'); // far from it
    await exception('2027-10-04T08:00:00Z', '2027-02-10T08:00:00Z'); // moved into it
    const range = (limit: number) =>
      sql.query<{ id: string; last_start: Date; exceptions: Array<{ originalStart: string }> }>(
        'select id, last_start, exceptions from calendar.list_events_in_range($1, $2, $3, $4)',
        [villageId, '2027-02-01T00:00:00Z', '2027-03-01T00:00:00Z', limit],
      );
    expect((await range(2)).rows.map((row) => row.id)).toEqual(ids.slice(0, 2));
    const [first] = (await range(10)).rows;
    expect(first.last_start.toISOString()).toBe('2027-12-27T08:00:00.000Z');
    expect(first.exceptions.map((x) => x.originalStart)).toEqual([
      '2027-02-01T08:00:00.000Z',
      '2027-10-04T08:00:00.000Z',
    ]);
  });

  it('refuses a new exception beyond p_max_exceptions, and still edits a kept one', async () => {
    const id = await create('2027-03-01T08:00:00Z', '2027-03-01T09:00:00Z', null, 'FREQ=DAILY');
    const cancel = (start: string) =>
      sql.query(
        `select 1 from calendar.set_event_exception(p_event_id => $1, p_actor_id => $2, p_original_start => $3,
           p_max_exceptions => 2, p_cancelled => true)`,
        [id, actor, start],
      );
    await cancel('2027-03-02T08:00:00Z');
    await cancel('2027-03-03T08:00:00Z');
    await expect(cancel('2027-03-04T08:00:00Z')).rejects.toMatchObject({ code: '23514', message: 'invalid' });
    await expect(cancel('2027-03-03T08:00:00Z')).resolves.toBeDefined();
  });

  it('uses the GiST index on the span for the range query', async () => {
    await sql.query('begin');
    try {
      await sql.query('set local enable_seqscan = off');
      const plan = (
        await sql.query<{ 'QUERY PLAN': string }>(
          `explain select * from calendar.events e
            where e.span && tstzrange($1::timestamptz, $2::timestamptz) and e.cancelled_at is null and e.village_id = $3`,
          ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', villageId],
        )
      ).rows
        .map((row) => row['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/events_span_idx/);
    } finally {
      await sql.query('rollback');
    }
  });

  it('counts RSVPs of many occurrences in one query, with the member’s own answer', async () => {
    const id = await create(
      '2026-09-01T18:00:00Z',
      '2026-09-01T19:00:00Z',
      '2026-09-03T19:00:00Z',
      'FREQ=DAILY;COUNT=3',
    );
    const me = randomUUID();
    const rsvp = (member: string, start: string, status: string) =>
      sql.query('select * from calendar.set_attendance($1, $2, $3, $4)', [id, member, start, status]);
    await rsvp(me, '2026-09-01T18:00:00Z', 'yes');
    await rsvp(randomUUID(), '2026-09-01T18:00:00Z', 'no');
    await rsvp(randomUUID(), '2026-09-02T18:00:00Z', 'maybe');
    await rsvp(me, '2026-09-02T18:00:00Z', 'no');
    await rsvp(me, '2026-09-02T18:00:00Z', 'no'); // unchanged: no second event
    const counts = (
      await sql.query('select * from calendar.count_attendance($1, $2, $3) order by occurrence_start', [
        [id, id, id],
        ['2026-09-01T18:00:00Z', '2026-09-02T18:00:00Z', '2026-09-03T18:00:00Z'],
        me,
      ])
    ).rows;
    expect(counts).toEqual([
      {
        event_id: id,
        occurrence_start: '2026-09-01T18:00:00.000Z',
        yes: 1,
        no: 1,
        maybe: 0,
        my_status: 'yes',
      },
      {
        event_id: id,
        occurrence_start: '2026-09-02T18:00:00.000Z',
        yes: 0,
        no: 1,
        maybe: 1,
        my_status: 'no',
      },
    ]);
    const changes = (
      await sql.query<{ n: string }>(
        "select count(*) as n from calendar.outbox where type = 'calendar.attendance.changed' and data ->> 'eventId' = $1",
        [id],
      )
    ).rows[0].n;
    expect(Number(changes)).toBe(4);
  });

  it('writes outbox payloads valid against their contracts', async () => {
    const rows = (
      await sql.query<OutboxRow>('select type, version, village_id, data from calendar.outbox')
    ).rows.filter((row) => !row.type.includes('feed'));
    expect(new Set(rows.map((row) => row.type))).toEqual(
      new Set([
        'calendar.calendar_event.created',
        'calendar.calendar_event.updated',
        'calendar.calendar_event.cancelled',
        'calendar.attendance.changed',
      ]),
    );
    for (const row of rows) {
      const definition = findEvent(row.type, row.version);
      expect(definition).toBeDefined();
      expect(() => definition?.data.parse(row.data)).not.toThrow();
      expect(row.village_id).toBe(villageId);
    }
  });
});
