import type { NatsConnection } from '@nats-io/transport-node';
import { eventSubject, serviceStreamName } from '@vv/contracts';
import { feedStreamName } from '@vv/platform';
import type { Pool } from 'pg';
import type { Seen } from './accounting';
import type { PublishDelay } from './delays';
import { readStream } from './stream-reader';

export interface PostgresView {
  /** messaging.posts rows of the run. */
  posts: Seen[];
  /** Post id → the write's n. */
  postIds: Map<string, number>;
  /** messaging.outbox `post.created` rows of the run. */
  outbox: Seen[];
  /** The watcher's `topic_post` notification rows (the consumer's effect), by post. */
  notificationRows: Seen[];
}

export async function readPostgres(db: Pool, runId: string, watcherId: string): Promise<PostgresView> {
  const posts = await db.query<{ id: string; n: number; at: string }>(
    `select id, (data->>'n')::int as n, extract(epoch from created_at) * 1000 as at
       from messaging.posts where data->>'chaosRun' = $1`,
    [runId],
  );
  const outbox = await db.query<{ n: number; at: string }>(
    `select (data->'data'->>'n')::int as n, extract(epoch from occurred_at) * 1000 as at
       from messaging.outbox where type = 'messaging.post.created' and data->'data'->>'chaosRun' = $1`,
    [runId],
  );
  const rows = await db.query<{ postId: string; at: string }>(
    `select post_id as "postId", extract(epoch from created_at) * 1000 as at
       from notifications.notifications where user_id = $1 and kind = 'topic_post'`,
    [watcherId],
  );
  const postIds = new Map(posts.rows.map((row) => [row.id, row.n]));
  return {
    posts: posts.rows.map(({ n, at }) => ({ n, at: Number(at) })),
    postIds,
    outbox: outbox.rows.map(({ n, at }) => ({ n, at: Number(at) })),
    notificationRows: rows.rows.flatMap(({ postId, at }) => {
      const n = postIds.get(postId);
      return n === undefined ? [] : [{ n, at: Number(at) }];
    }),
  };
}

export interface JetStreamView {
  /** `post.created` events of the run in messaging's stream, at the time JetStream stored them. */
  stream: Seen[];
  /** The same in the feed (`<PREFIX>_FEED`, what the WebSocket serves). */
  feed: Seen[];
  /** Commit (outbox insert) → JetStream, from messaging's stream. */
  delays: PublishDelay[];
  /** messaging's stream → the feed (sourced by JetStream), as a delay from the first to the second. */
  feedDelays: PublishDelay[];
}

interface PostCreated {
  occurredAt?: string;
  data?: { data?: { chaosRun?: unknown; n?: unknown } };
}

/** The run's `post.created` events of a stream, with when each was written and stored; other messages skipped. */
async function postEvents(
  nc: NatsConnection,
  stream: string,
  subject: string,
  runId: string,
): Promise<(Seen & PublishDelay)[]> {
  const events: (Seen & PublishDelay)[] = [];
  for (const message of await readStream(nc, stream, subject)) {
    let envelope: PostCreated;
    try {
      envelope = JSON.parse(Buffer.from(message.data).toString('utf8')) as PostCreated;
    } catch {
      continue; // the poison scenario's garbage
    }
    const post = envelope.data?.data;
    if (post?.chaosRun !== runId || typeof post.n !== 'number') continue;
    const occurredMs = Date.parse(envelope.occurredAt ?? '');
    events.push({ n: post.n, at: message.storedMs, occurredMs, storedMs: message.storedMs });
  }
  return events;
}

export async function readJetStream(
  nc: NatsConnection,
  prefix: string,
  runId: string,
): Promise<JetStreamView> {
  const subject = eventSubject(prefix, { service: 'messaging', name: 'post.created', version: 1 });
  const stream = await postEvents(nc, serviceStreamName(prefix, 'messaging'), subject, runId);
  const feed = await postEvents(nc, feedStreamName(prefix), subject, runId);
  const storedInStream = new Map(stream.map((event) => [event.n, event.storedMs]));
  return {
    stream: stream.map(({ n, at }) => ({ n, at })),
    feed: feed.map(({ n, at }) => ({ n, at })),
    delays: stream.map(({ occurredMs, storedMs }) => ({ occurredMs, storedMs })),
    feedDelays: feed.flatMap(({ n, storedMs }) => {
      const inStream = storedInStream.get(n);
      return inStream === undefined ? [] : [{ occurredMs: inStream, storedMs }];
    }),
  };
}
