import { createTestDatabase, eventually, type TestDatabase } from '@vv/testing';
import { Pool } from 'pg';
import { createLogger } from '../logging/logger';
import { LeasedQueueWorker, type LeasedQueueWorkerOptions } from './leased-queue-worker';

interface Job {
  id: number;
  body: string;
  attempts: number;
}

// A queue shaped like the senders' (a lease per claim, `for update skip locked`, a NOTIFY per insert),
// each test working its own `queue` so the tests' workers never take each other's rows.
const QUEUE_SQL = `
create table jobs (
  id serial primary key,
  queue text not null,
  body text not null,
  attempts integer not null default 0,
  lease_until timestamptz,
  done_by text
);

create function claim_jobs(p_queue text, p_limit integer, p_lease_ms integer) returns setof jobs
language sql volatile as $$
  update jobs j set attempts = j.attempts + 1, lease_until = now() + p_lease_ms * interval '1 millisecond'
   where j.id in (select q.id from jobs q
                   where q.queue = p_queue and q.done_by is null and (q.lease_until is null or q.lease_until < now())
                   order by q.id limit p_limit for update skip locked)
  returning j.*;
$$;

create function notify_jobs() returns trigger language plpgsql as $$
begin
  perform pg_notify('test_jobs', '');
  return null;
end;
$$;
create trigger jobs_notify after insert on jobs for each statement execute function notify_jobs();
`;

const POLL_NEVER_MS = 3_600_000;

describe('LeasedQueueWorker', () => {
  let database: TestDatabase;
  let pool: Pool;
  const logger = createLogger('worker-test', process.env.TEST_LOG_LEVEL ?? 'silent');
  const workers: Array<LeasedQueueWorker<Job>> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 6 });
    // The drop at the end terminates connections pool.end() is still closing: a pool error, not the test's.
    pool.on('error', () => undefined);
    await pool.query(QUEUE_SQL);
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const enqueue = async (queue: string, body: string, options: { notify: boolean } = { notify: true }) => {
    const client = await pool.connect();
    try {
      // As a replica applies rows: triggers off, so no NOTIFY is sent (a notification that was lost).
      if (!options.notify) await client.query('set session_replication_role = replica');
      const { rows } = await client.query<{ id: number }>(
        'insert into jobs (queue, body) values ($1, $2) returning id',
        [queue, body],
      );
      return rows[0].id;
    } finally {
      await client.query('reset session_replication_role');
      client.release();
    }
  };

  /** Settles a job as `worker` did, only while its claim (attempt) is still the current one. */
  const settle = async (job: Job, worker: string): Promise<void> => {
    await pool.query('update jobs set done_by = $1, lease_until = null where id = $2 and attempts = $3', [
      worker,
      job.id,
      job.attempts,
    ]);
  };

  const row = async (id: number): Promise<{ attempts: number; done_by: string | null }> =>
    (
      await pool.query<{ attempts: number; done_by: string | null }>(
        'select attempts, done_by from jobs where id = $1',
        [id],
      )
    ).rows[0];

  const startWorker = async (
    queue: string,
    handle: (job: Job) => Promise<void>,
    options: Partial<LeasedQueueWorkerOptions<Job>> = {},
  ): Promise<LeasedQueueWorker<Job>> => {
    const worker = new LeasedQueueWorker<Job>({
      name: `test-${queue}`,
      claim: async (limit, leaseMs) =>
        (
          await pool.query<Job>('select id, body, attempts from claim_jobs($1, $2, $3)', [
            queue,
            limit,
            leaseMs,
          ])
        ).rows,
      handle,
      batchSize: 5,
      leaseMs: 60_000,
      pollIntervalMs: POLL_NEVER_MS,
      notify: { databaseUrl: database.url, channel: 'test_jobs' },
      logger,
      ...options,
    });
    workers.push(worker);
    await worker.start();
    return worker;
  };

  it('wakes on NOTIFY without waiting for the poll', async () => {
    await startWorker('notified', (job) => settle(job, 'worker'));
    const id = await enqueue('notified', 'wake me');
    await eventually(async () => expect(await row(id)).toEqual({ attempts: 1, done_by: 'worker' }));
  });

  it('picks up by its poll a row whose NOTIFY was missed', async () => {
    await startWorker('missed', (job) => settle(job, 'worker'), { pollIntervalMs: 50 });
    const id = await enqueue('missed', 'no notification', { notify: false });
    await eventually(async () => expect(await row(id)).toEqual({ attempts: 1, done_by: 'worker' }));
  });

  it('hands a row whose lease ran out to another worker; the first one’s late answer changes nothing', async () => {
    let releaseFirst!: () => void;
    const firstHangs = new Promise<void>((resolve) => (releaseFirst = resolve));
    let claimedByFirst!: () => void;
    const firstClaimed = new Promise<void>((resolve) => (claimedByFirst = resolve));
    await startWorker(
      'lease',
      async (job) => {
        claimedByFirst();
        await firstHangs; // a worker stuck mid-item (a call that never answers)
        await settle(job, 'first');
      },
      { leaseMs: 200 },
    );
    const id = await enqueue('lease', 'stuck');
    await firstClaimed;

    await startWorker('lease', (job) => settle(job, 'second'), { pollIntervalMs: 50 });
    await eventually(async () => expect(await row(id)).toEqual({ attempts: 2, done_by: 'second' }));
    releaseFirst();
    await workers[0].stop();
    expect(await row(id)).toEqual({ attempts: 2, done_by: 'second' });
  });

  it('lets the items in flight finish when stopped, and resolves after them', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const order: string[] = [];
    const worker = await startWorker('drain', async (job) => {
      started();
      await held;
      await settle(job, 'worker');
      order.push('settled');
    });
    const id = await enqueue('drain', 'in flight at stop');
    await inFlight;

    const stopped = worker.stop().then(() => order.push('stopped'));
    release();
    await stopped;
    expect(order).toEqual(['settled', 'stopped']);
    expect(await row(id)).toEqual({ attempts: 1, done_by: 'worker' });
  });

  it('claims again while batches come back full', async () => {
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) => enqueue('batches', `job ${i}`, { notify: false })),
    );
    // Started after the rows exist, never polled again: only its first pass's loop can take them all.
    await startWorker('batches', (job) => settle(job, 'worker'), { batchSize: 5 });
    await eventually(async () => {
      for (const id of ids) expect((await row(id)).done_by).toBe('worker');
    });
  });
});
