import type { JetStreamClient } from '@nats-io/jetstream';
import { envelopeOf, subjectOfRow, type OutboxRow } from './envelope';

export interface PublishOutcome {
  /** Ids of the rows JetStream acknowledged: a prefix of the batch, in order. */
  published: string[];
  /** The first row that failed, and why; the rows behind it were not stored after it. */
  failed?: { row: OutboxRow; error: unknown };
}

/**
 * Publishes a batch in seq order, pipelined, with `Nats-Msg-Id = event id`. The first row goes
 * alone (whatever the stream's last message is — a restart or a foreign message may have changed
 * it); each later one carries `Nats-Expected-Last-Msg-Id` = the row before it, so JetStream stores
 * it only right behind that row. A failed publish therefore fails every one behind it too, and
 * nothing overtakes it — the batch stops at its first failure, with one round trip per batch.
 */
export async function publishInOrder(
  js: JetStreamClient,
  prefix: string,
  rows: OutboxRow[],
  hooks: { onStored(row: OutboxRow): void; stillLeading(): boolean },
): Promise<PublishOutcome> {
  const published: string[] = [];
  const send = (row: OutboxRow, after?: OutboxRow): Promise<unknown> =>
    js.publish(subjectOfRow(prefix, row), JSON.stringify(envelopeOf(row)), {
      msgID: row.id,
      ...(after ? { expect: { lastMsgID: after.id } } : {}),
    });
  if (rows.length === 0) return { published };
  const [first, ...rest] = rows;
  try {
    await send(first);
  } catch (error) {
    return { published, failed: { row: first, error } };
  }
  hooks.onStored(first);
  published.push(first.id);
  // Its lock connection died while the first was in flight: another relay may be publishing now.
  if (rest.length && !hooks.stillLeading()) {
    return { published, failed: { row: rest[0], error: new Error('no longer the active outbox relay') } };
  }

  const acks = await Promise.allSettled(rest.map((row, i) => send(row, rows[i])));
  for (const [i, ack] of acks.entries()) {
    const row = rest[i];
    // A rejection followed by acks means its publish was stored and only the answer was lost: stop
    // here anyway; the relay looks at the stream before it publishes again (OutboxRelay.unsure).
    if (ack.status === 'rejected') return { published, failed: { row, error: ack.reason } };
    hooks.onStored(row);
    published.push(row.id);
  }
  return { published };
}
