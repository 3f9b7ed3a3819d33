import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { headers, nanos, type MsgHdrs } from '@nats-io/transport-node';
import { deadLetterSubject, type ServiceName } from '@vv/contracts';
import { ensureStream } from '../outbox/event-stream';

/** How long poison messages stay for inspection and replay. */
const DEAD_LETTER_RETENTION_DAYS = 30;
/** A header value is one line; an error message is cut to this length. */
const MAX_HEADER_VALUE = 1000;

/** Headers of a dead-lettered message: where it came from and why it was given up on. */
export const DEAD_LETTER_HEADERS = {
  subject: 'vv-dlq-subject',
  stream: 'vv-dlq-stream',
  streamSequence: 'vv-dlq-stream-seq',
  consumer: 'vv-dlq-consumer',
  deliveries: 'vv-dlq-deliveries',
  error: 'vv-dlq-error',
} as const;

/** The one stream of the app's dead letters, e.g. `VV_DLQ` capturing `vv.dlq.>`. */
export const deadLetterStreamName = (prefix: string): string =>
  `${prefix}_DLQ`.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase();

/** Creates the dead-letter stream if absent, so a dead letter is stored, not just published. */
export async function ensureDeadLetterStream(jsm: JetStreamManager, prefix: string): Promise<string> {
  const name = deadLetterStreamName(prefix);
  await ensureStream(jsm, {
    name,
    subjects: [`${prefix}.dlq.>`],
    max_age: nanos(DEAD_LETTER_RETENTION_DAYS * 24 * 3600 * 1000),
  });
  return name;
}

const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ').slice(0, MAX_HEADER_VALUE);

export interface DeadLetter {
  prefix: string;
  service: ServiceName;
  consumer: string;
  reason: string;
}

/**
 * Stores the message's original bytes on `<prefix>.dlq.<service>.<consumer>`, with its origin and
 * the reason as headers. Resolves once JetStream has stored it (de-duplicated by stream sequence).
 */
export async function publishDeadLetter(
  js: JetStreamClient,
  msg: JsMsg,
  letter: DeadLetter,
): Promise<string> {
  const subject = deadLetterSubject(letter.prefix, letter.service, letter.consumer);
  const h: MsgHdrs = headers();
  h.set(DEAD_LETTER_HEADERS.subject, msg.subject);
  h.set(DEAD_LETTER_HEADERS.stream, msg.info.stream);
  h.set(DEAD_LETTER_HEADERS.streamSequence, String(msg.info.streamSequence));
  h.set(DEAD_LETTER_HEADERS.consumer, letter.consumer);
  h.set(DEAD_LETTER_HEADERS.deliveries, String(msg.info.deliveryCount));
  h.set(DEAD_LETTER_HEADERS.error, oneLine(letter.reason) || 'unknown error');
  await js.publish(subject, msg.data, {
    headers: h,
    msgID: `${msg.info.stream}:${msg.info.streamSequence}:${letter.consumer}`,
  });
  return subject;
}
