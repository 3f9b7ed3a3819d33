import type { NatsConnection } from '@nats-io/transport-node';
import { DEAD_LETTER_HEADERS, deadLetterStreamName } from '@vv/platform';
import type { PoisonSent } from '../faults/scenario';
import { readStream } from './stream-reader';

export interface DeadLetterView {
  /** The consumers that dead-lettered each poison message, by its kind. */
  poison: Record<PoisonSent['kind'], string[]>;
  /** Dead letters of real events (not the poison the run published): `<consumer> <subject>`. */
  real: string[];
}

export async function readDeadLetters(
  nc: NatsConnection,
  prefix: string,
  sent: readonly PoisonSent[],
): Promise<DeadLetterView> {
  const view: DeadLetterView = { poison: { garbage: [], 'non-envelope': [], 'invalid data': [] }, real: [] };
  for (const letter of await readStream(nc, deadLetterStreamName(prefix))) {
    const header = (name: string): string => letter.headers?.get(name) ?? '';
    const consumer = header(DEAD_LETTER_HEADERS.consumer);
    const stream = header(DEAD_LETTER_HEADERS.stream);
    const seq = Number(header(DEAD_LETTER_HEADERS.streamSequence));
    const poison = sent.find((one) => one.stream === stream && one.seq === seq);
    if (poison) view.poison[poison.kind].push(consumer);
    else view.real.push(`${consumer} ${header(DEAD_LETTER_HEADERS.subject)}`);
  }
  return view;
}
