import type { Pool } from 'pg';
import { settles } from '../infra/util';
import type { StreamListener } from '../load/listener';

export interface CatchUpState {
  /** Outbox rows of messaging and notifications not yet published. */
  unpublished: number;
  /** Posts of the run without the watcher's notification row. */
  missingEffects: number;
  /** Acknowledged writes a listener has not received (post events, and the watcher's notifications). */
  missingOnSockets: number;
}

interface Watched {
  db: Pool;
  runId: string;
  watcherId: string;
  acked: ReadonlySet<number>;
  listeners: { posts: readonly StreamListener[]; notifications: StreamListener };
}

/**
 * Waits (at most `timeoutMs`) until every store holds every acknowledged write. Resolves with the
 * seconds it took (null: not within the time) and what was still missing at the last look.
 */
export async function waitForCatchUp(
  watched: Watched,
  timeoutMs: number,
): Promise<{ seconds: number | null; state: CatchUpState }> {
  const started = Date.now();
  let state: CatchUpState = { unpublished: -1, missingEffects: -1, missingOnSockets: -1 };
  const caughtUp = await settles(
    async () => {
      state = await catchUpState(
        watched.db,
        watched.runId,
        watched.watcherId,
        watched.acked,
        watched.listeners,
      );
      if (state.unpublished + state.missingEffects + state.missingOnSockets > 0) throw new Error('not yet');
    },
    timeoutMs,
    2000,
  );
  return { seconds: caughtUp ? (Date.now() - started) / 1000 : null, state };
}

/** How far the stores are from holding every acknowledged write; all zero once they caught up. */
export async function catchUpState(
  db: Pool,
  runId: string,
  watcherId: string,
  acked: ReadonlySet<number>,
  listeners: { posts: readonly StreamListener[]; notifications: StreamListener },
): Promise<CatchUpState> {
  const unpublished = await db.query<{ n: string }>(
    `select (select count(*) from messaging.outbox where published_at is null)
          + (select count(*) from notifications.outbox where published_at is null) as n`,
  );
  const effects = await db.query<{ n: string }>(
    `select count(*) as n from messaging.posts p
      where p.data->>'chaosRun' = $1
        and not exists (select 1 from notifications.notifications r
                         where r.post_id = p.id and r.user_id = $2 and r.kind = 'topic_post')`,
    [runId, watcherId],
  );
  let missingOnSockets = 0;
  for (const listener of listeners.posts) {
    const got = new Set(listener.events.flatMap((event) => (event.n === undefined ? [] : [event.n])));
    for (const n of acked) if (!got.has(n)) missingOnSockets++;
  }
  const posts = await db.query<{ id: string; n: number }>(
    `select id, (data->>'n')::int as n from messaging.posts where data->>'chaosRun' = $1`,
    [runId],
  );
  const postIds = new Map(posts.rows.map((row) => [row.id, row.n]));
  const notified = new Set(
    listeners.notifications.events.flatMap((event) => {
      const n = event.notifiedPostId === undefined ? undefined : postIds.get(event.notifiedPostId);
      return n === undefined ? [] : [n];
    }),
  );
  for (const n of acked) if (!notified.has(n)) missingOnSockets++;
  return {
    unpublished: Number(unpublished.rows[0].n),
    missingEffects: Number(effects.rows[0].n),
    missingOnSockets,
  };
}
