import type { Pool } from 'pg';
import { createTopic, createVillage, signUp, type Account, type GatewayClient } from '../infra/api';
import { say, secondsSince } from '../infra/util';

/** The data every scenario uses, made through the API (accounts, village, topics) and SQL (posts). */
export interface Fixture {
  owner: Account;
  villageId: string;
  /** Topics seeded so far, by size: the read topic first; the scale scenario adds the larger ones. */
  scaleTopics: { size: number; topicId: string }[];
  readTopicId: string;
  /** Empty at start; every write arm posts here. */
  writeTopicId: string;
}

const SEED_BATCH = 250_000;

/**
 * Inserts `count` top-level posts into a topic in batches, newest first in the order the list
 * reads them ((last_activity_at, id) on posts_topic_activity_idx), one second apart. Triggers are
 * off for the session (the search trigger's per-row advisory lock is what makes a bulk insert
 * slow); its effect is reproduced: search_vector = to_tsvector(<search language>, body).
 * Indexes, constraints and the column defaults (id = uuid_v7(), …) apply as for any insert.
 */
export async function seedPosts(
  db: Pool,
  target: { topicId: string; villageId: string; authorId: string },
  count: number,
): Promise<void> {
  const client = await db.connect();
  try {
    await client.query('set session_replication_role = replica');
    for (let from = 1; from <= count; from += SEED_BATCH) {
      const to = Math.min(count, from + SEED_BATCH - 1);
      await client.query(
        `insert into messaging.posts
           (topic_id, village_id, author_id, body, created_at, updated_at, last_activity_at, search_vector)
         select $1, $2, $3, p.body, p.at, p.at, p.at, to_tsvector(messaging.search_language(), p.body)
           from generate_series($4::int, $5::int) g
          cross join lateral (
            select 'Seeded post ' || g || ': the village meets on Thursday at seven; bring chairs and a dish to share.' as body,
                   now() - interval '1 second' * g as at) p`,
        [target.topicId, target.villageId, target.authorId, from, to],
      );
    }
  } finally {
    await client.query('reset session_replication_role').catch(() => undefined);
    client.release();
  }
}

/** One owner, a public village, the read topic (seeded with `readSize` posts) and an empty topic for writes. */
export async function createFixture(api: GatewayClient, db: Pool, readSize: number): Promise<Fixture> {
  const owner = await signUp(api, 'Bench Owner');
  const villageId = await createVillage(api, owner, 'Bench village');
  const writeTopicId = await createTopic(api, owner, villageId, 'Writes');
  const fixture: Fixture = { owner, villageId, scaleTopics: [], readTopicId: '', writeTopicId };
  fixture.readTopicId = await addSeededTopic(api, db, fixture, readSize);
  return fixture;
}

/**
 * A new topic of the fixture's village with `size` posts, then `vacuum analyze` (fresh statistics, as
 * autovacuum would leave them) and a checkpoint.
 */
export async function addSeededTopic(
  api: GatewayClient,
  db: Pool,
  fixture: Fixture,
  size: number,
): Promise<string> {
  const topicId = await createTopic(api, fixture.owner, fixture.villageId, `Posts ×${size}`);
  let started = performance.now();
  await seedPosts(db, { topicId, villageId: fixture.villageId, authorId: fixture.owner.userId }, size);
  say(`seeded ${size.toLocaleString('en')} posts in ${secondsSince(started).toFixed(1)} s`);
  started = performance.now();
  await db.query('vacuum analyze messaging.posts');
  say(`vacuum analyze in ${secondsSince(started).toFixed(1)} s`);
  // The bulk load's dirty pages are written now rather than by a checkpoint during the measured
  // rounds (a load of 10^6 rows fills max_wal_size); best effort: CHECKPOINT needs a superuser or
  // pg_checkpoint.
  await db
    .query('checkpoint')
    .catch((error: unknown) => say(`no checkpoint after the seed: ${String(error)}`));
  fixture.scaleTopics.push({ size, topicId });
  return topicId;
}

/** Rows of messaging.posts, every topic's. */
export async function postRows(db: Pool): Promise<number> {
  const { rows } = await db.query<{ n: string }>('select count(*) as n from messaging.posts');
  return Number(rows[0].n);
}

/**
 * Deletes a topic's posts and re-analyzes: the write scenario's posts (hundreds of thousands in a
 * full run) would otherwise grow the table every later scenario reads, and the plans with it.
 */
export async function clearTopicPosts(db: Pool, topicId: string): Promise<number> {
  const deleted = await db.query('delete from messaging.posts where topic_id = $1', [topicId]);
  await db.query('vacuum analyze messaging.posts');
  return deleted.rowCount ?? 0;
}
