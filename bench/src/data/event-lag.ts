import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';

/** The stream's last sequence number now (0 when empty). */
export async function lastSequence(nc: NatsConnection, stream: string): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(stream)).state.last_seq;
}

export interface StoredEvent {
  /** When JetStream stored it (epoch ms); the relay's publish is acknowledged right after. */
  storedMs: number;
  /** The envelope's occurredAt: clock_timestamp() of the outbox insert, inside the committing transaction. */
  occurredMs: number;
  /** data.postId, for post events. */
  postId?: string;
}

/** The events stored in (afterSeq, untilSeq], at most `limit` (the first of the range). */
export async function storedEvents(
  nc: NatsConnection,
  stream: string,
  afterSeq: number,
  untilSeq: number,
  limit = 20_000,
): Promise<StoredEvent[]> {
  const wanted = Math.min(limit, untilSeq - afterSeq);
  if (wanted <= 0) return [];
  const jsm = await jetstreamManager(nc);
  const info = await jsm.consumers.add(stream, {
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: afterSeq + 1,
    inactive_threshold: nanos(30_000),
  });
  try {
    const consumer = await jetstream(nc).consumers.get(stream, info.name);
    const events: StoredEvent[] = [];
    while (events.length < wanted) {
      const batch = await consumer.fetch({
        max_messages: Math.min(1000, wanted - events.length),
        expires: 5000,
      });
      const before = events.length;
      for await (const message of batch) {
        const envelope = message.json<{ occurredAt: string; data?: { postId?: string } }>();
        events.push({
          storedMs: message.info.timestampNanos / 1e6,
          occurredMs: Date.parse(envelope.occurredAt),
          postId: envelope.data?.postId,
        });
        if (events.length >= wanted) break;
      }
      if (events.length === before) break;
    }
    return events;
  } finally {
    await jsm.consumers.delete(stream, info.name).catch(() => undefined);
  }
}

/**
 * Commit → JetStream lag, bracketed (ms). From the outbox insert (`occurredAt`): an upper bound,
 * since it also counts the rest of the transaction and the commit (the WAL flush). From the
 * client's 2xx answer for the same post: a lower bound, since the answer leaves after the commit.
 */
export function lagBounds(
  events: readonly StoredEvent[],
  answered?: readonly [string, number][],
): { fromInsert: number[]; fromAnswer: number[] } {
  const answeredAt = new Map(answered ?? []);
  const fromInsert: number[] = [];
  const fromAnswer: number[] = [];
  for (const event of events) {
    fromInsert.push(event.storedMs - event.occurredMs);
    const at = event.postId === undefined ? undefined : answeredAt.get(event.postId);
    if (at !== undefined) fromAnswer.push(event.storedMs - at);
  }
  return { fromInsert, fromAnswer };
}
