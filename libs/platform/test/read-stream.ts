import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';

export interface StoredMessage {
  subject: string;
  msgId: string | undefined;
  headers: Record<string, string>;
  data: Uint8Array;
  json: () => unknown;
}

/** Every message a stream holds now (optionally on one subject filter), read by a throwaway consumer. */
export async function readStream(
  nc: NatsConnection,
  stream: string,
  filterSubject?: string,
): Promise<StoredMessage[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.consumers.add(stream, {
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    inactive_threshold: nanos(10_000),
    ...(filterSubject ? { filter_subject: filterSubject } : {}),
  });
  try {
    const expected = info.num_pending;
    const messages: StoredMessage[] = [];
    if (expected === 0) return messages;
    const consumer = await jetstream(nc).consumers.get(stream, info.name);
    while (messages.length < expected) {
      const batch = await consumer.fetch({ max_messages: expected - messages.length, expires: 5000 });
      const before = messages.length;
      for await (const msg of batch) {
        const headers: Record<string, string> = {};
        for (const [key, values] of msg.headers ?? []) headers[key] = values.join(',');
        messages.push({
          subject: msg.subject,
          msgId: msg.headers?.get('Nats-Msg-Id') || undefined,
          headers,
          data: msg.data,
          json: () => msg.json(),
        });
      }
      if (messages.length === before) throw new Error(`read ${before} of ${expected} messages of ${stream}`);
    }
    return messages;
  } finally {
    await jsm.consumers.delete(stream, info.name).catch(() => undefined);
  }
}
