import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';

/** How long reading the tail waits for a message that is no longer there (deleted inside the range). */
const TAIL_FETCH_EXPIRES_MS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The event ids (`Nats-Msg-Id`) among the stream's last `count` messages, read headers-only by an
 * ordered consumer. Messages without an event id (e.g. a foreign publisher's) are skipped.
 */
export async function idsAtStreamTail(
  js: JetStreamClient,
  jsm: JetStreamManager,
  stream: string,
  count: number,
): Promise<string[]> {
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return [];
  const from = Math.max(state.first_seq, state.last_seq - count + 1);
  const consumer = await js.consumers.get(stream, {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: from,
    headers_only: true,
  });
  const messages = await consumer.fetch({
    max_messages: state.last_seq - from + 1,
    expires: TAIL_FETCH_EXPIRES_MS,
  });
  const ids: string[] = [];
  for await (const msg of messages) {
    const id = msg.headers?.get('Nats-Msg-Id');
    if (id && UUID.test(id)) ids.push(id);
    if (msg.seq >= state.last_seq) break;
  }
  return ids;
}
