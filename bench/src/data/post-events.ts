import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { eventSubject, eventType, postCreated, type EventEnvelope } from '@vv/contracts';
import type { Pool } from 'pg';
import { mapLimit } from '../infra/api';
import { sleep } from '../infra/util';

/** The village, topic and members the events are about. */
export interface PostAudience {
  villageId: string;
  topicId: string;
  memberIds: readonly string[];
}

/** The n-th reply of the topic, as messaging publishes it: member n answers member n+1's post. */
export function replyEvent(audience: PostAudience, n: number): EventEnvelope {
  const { memberIds, villageId, topicId } = audience;
  const authorId = memberIds[n % memberIds.length];
  const postId = randomUUID();
  return {
    id: randomUUID(),
    type: eventType(postCreated),
    version: postCreated.version,
    occurredAt: new Date().toISOString(),
    villageId,
    actorId: authorId,
    data: {
      postId,
      topicId,
      villageId,
      parentId: randomUUID(),
      authorId,
      parentAuthorId: memberIds[(n + 1) % memberIds.length],
      body: `Reply ${n}: the village meets on Thursday at seven; bring chairs and a dish to share.`,
      data: {},
    },
  };
}

/** Publishes the events on messaging's stream (Nats-Msg-Id = event id), many in flight. */
export async function publishEvents(
  nc: NatsConnection,
  prefix: string,
  events: readonly EventEnvelope[],
): Promise<void> {
  const js = jetstream(nc);
  const subject = eventSubject(prefix, postCreated);
  await mapLimit(events, 64, (event) => js.publish(subject, JSON.stringify(event), { msgID: event.id }));
}

/** Open loop: event n is published at start + n / rate (its occurredAt is when it goes out). */
export async function publishAtRate(
  nc: NatsConnection,
  prefix: string,
  make: (n: number) => EventEnvelope,
  rate: number,
  seconds: number,
): Promise<EventEnvelope[]> {
  const js = jetstream(nc);
  const subject = eventSubject(prefix, postCreated);
  const count = Math.round(rate * seconds);
  const started = performance.now();
  const events: EventEnvelope[] = [];
  const inFlight: Promise<unknown>[] = [];
  for (let n = 0; n < count; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const event = make(n);
    events.push(event);
    inFlight.push(js.publish(subject, JSON.stringify(event), { msgID: event.id }));
  }
  await Promise.all(inFlight);
  return events;
}

/** Waits until the durable consumer has nothing pending or unacked; false after `timeoutMs`. */
export async function consumerDrained(
  nc: NatsConnection,
  stream: string,
  consumer: string,
  timeoutMs: number,
): Promise<boolean> {
  const jsm = await jetstreamManager(nc);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const info = await jsm.consumers.info(stream, consumer).catch(() => undefined);
    if (info && info.num_pending === 0 && info.num_ack_pending === 0) return true;
    await sleep(50);
  }
  return false;
}

/** Waits until notifications' relay has published its outbox (the notification.created events); false after `timeoutMs`. */
export async function notificationsOutboxDrained(db: Pool, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await db.query<{ n: string }>('select notifications.count_pending_outbox() as n');
    if (Number(rows[0].n) === 0) return true;
    await sleep(100);
  }
  return false;
}

/**
 * When the consumer claimed each event in its inbox (epoch ms; the claim is the start of the
 * event's transaction), by event id.
 */
export async function claimTimes(
  db: Pool,
  consumer: string,
  events: readonly EventEnvelope[],
): Promise<Map<string, number>> {
  const { rows } = await db.query<{ event_id: string; at: string }>(
    `select event_id, (extract(epoch from processed_at) * 1000)::float8 as at
       from notifications.inbox where consumer = $1 and event_id = any($2::uuid[])`,
    [consumer, events.map((event) => event.id)],
  );
  return new Map(rows.map((row) => [row.event_id, Number(row.at)]));
}

/** Notifications made from the events. */
export async function notificationsMade(db: Pool, events: readonly EventEnvelope[]): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'select count(*) as n from notifications.notifications where source_event_id = any($1::uuid[])',
    [events.map((event) => event.id)],
  );
  return Number(rows[0].n);
}

/** The members watch the topic (level `all`): each post in it notifies them. */
export async function watchTopic(
  db: Pool,
  audience: Pick<PostAudience, 'villageId' | 'topicId'>,
  userIds: readonly string[],
): Promise<void> {
  for (const userId of userIds) {
    await db.query(
      `select * from notifications.put_preferences(p_user_id => $1, p_village_id => $2, p_level => 'all', p_topics => $3::jsonb)`,
      [userId, audience.villageId, JSON.stringify({ [audience.topicId]: 'watch' })],
    );
  }
}
