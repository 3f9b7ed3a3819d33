import { JetStreamApiError, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';

export interface StoredMessage {
  seq: number;
  subject: string;
  /** When JetStream stored it (epoch ms). */
  storedMs: number;
  data: Uint8Array;
  headers?: MsgHdrs;
}

/**
 * Every message a stream holds now (those on `filterSubject` only, when given), in order, read by an
 * ordered consumer; [] when the stream does not exist or is empty.
 */
export async function readStream(
  nc: NatsConnection,
  stream: string,
  filterSubject?: string,
): Promise<StoredMessage[]> {
  try {
    if ((await (await jetstreamManager(nc)).streams.info(stream)).state.messages === 0) return [];
  } catch (error) {
    if (error instanceof JetStreamApiError && error.status === 404) return [];
    throw error;
  }
  const consumer = await jetstream(nc).consumers.get(
    stream,
    filterSubject ? { filter_subjects: filterSubject } : {},
  );
  const messages: StoredMessage[] = [];
  try {
    for (;;) {
      let pending = 0;
      let got = 0;
      for await (const message of await consumer.fetch({ max_messages: 1000, expires: 3000 })) {
        got++;
        pending = message.info.pending;
        const { seq, subject, data, headers } = message;
        messages.push({ seq, subject, storedMs: message.info.timestampNanos / 1e6, data, headers });
      }
      if (got === 0 || pending === 0) return messages;
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
}
