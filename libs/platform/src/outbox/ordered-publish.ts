import type { RequestMux } from '../transport/request-mux';
import { envelopeOf, subjectOfRow, type OutboxRow } from './envelope';
import { publishToStream } from './stream-publish';

export interface PublishOutcome {
  /** Ids of the rows JetStream acknowledged: a prefix of the batch, in order. */
  published: string[];
  /** The first row that failed, and why; the rows behind it were not stored after it. */
  failed?: { row: OutboxRow; error: unknown };
}

/**
 * Publishes a batch in seq order, one publish after the other's acknowledgement, with
 * `Nats-Msg-Id = event id`: the batch stops at its first failure, so nothing overtakes it.
 * Not pipelined with `Nats-Expected-Last-Msg-Id` chaining: that header travels with the message
 * into every stream that sources this one, and nats-server 2.9 checks it there too — against the
 * feed's own last message, which is another service's — so the feed's source stalls for good (found by
 * `npm run chaos`). Sequential publishes on one connection cost a round trip each (~0.1–0.3 ms here).
 */
export async function publishInOrder(
  mux: RequestMux,
  prefix: string,
  rows: OutboxRow[],
  hooks: { onStored(row: OutboxRow): void; stillLeading(): boolean },
): Promise<PublishOutcome> {
  const published: string[] = [];
  for (const row of rows) {
    // Its lock connection died meanwhile: another relay may be publishing now.
    if (published.length > 0 && !hooks.stillLeading()) {
      return { published, failed: { row, error: new Error('no longer the active outbox relay') } };
    }
    try {
      await publishToStream(mux, subjectOfRow(prefix, row), JSON.stringify(envelopeOf(row)), row.id);
    } catch (error) {
      // A rejection may hide a publish that was stored and only its answer lost: the relay looks at
      // the stream before it publishes again (OutboxRelay.unsure).
      return { published, failed: { row, error } };
    }
    hooks.onStored(row);
    published.push(row.id);
  }
  return { published };
}
