import { AckPolicy, DeliverPolicy, JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';

const isNotFound = (error: unknown): boolean => error instanceof JetStreamApiError && error.status === 404;

export interface ConsumerPosition {
  /** The durable consumer exists. */
  exists: boolean;
  /** The stream dropped events it never acknowledged (its ack floor is below the stream's first sequence). */
  behind: boolean;
}

/** Where a durable consumer stands against its stream's retention. */
export async function consumerPosition(
  jsm: JetStreamManager,
  stream: string,
  consumer: string,
): Promise<ConsumerPosition> {
  const { state } = await jsm.streams.info(stream);
  try {
    const { ack_floor: acked, delivered } = await jsm.consumers.info(stream, consumer);
    // A consumer that never delivered anything reports no ack floor; it starts after `delivered`.
    const floor =
      acked.consumer_seq === 0 && delivered.consumer_seq === 0 ? delivered.stream_seq : acked.stream_seq;
    return { exists: true, behind: floor + 1 < state.first_seq };
  } catch (error) {
    if (isNotFound(error)) return { exists: false, behind: false };
    throw error;
  }
}

/**
 * Creates the durable consumer at the stream's end, before the snapshot is read: every event
 * stored from now on reaches it, and none older (the snapshot holds their effect). Its other
 * settings are brought up to date when the platform starts it (EventConsumer). Another process creating it first
 * is fine.
 */
export async function createConsumerAtEnd(
  jsm: JetStreamManager,
  spec: { stream: string; name: string; filterSubject?: string },
): Promise<void> {
  const { state } = await jsm.streams.info(spec.stream);
  try {
    await jsm.consumers.add(spec.stream, {
      durable_name: spec.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: state.last_seq + 1,
      ...(spec.filterSubject ? { filter_subject: spec.filterSubject } : {}),
    });
  } catch (error) {
    await jsm.consumers.info(spec.stream, spec.name).catch(() => {
      throw error;
    });
  }
}
