import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  type ConsumerConfig,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export interface DurableConsumerSpec {
  stream: string;
  name: string;
  filterSubject?: string;
  maxDeliver: number;
  /** How long JetStream waits for an ack before redelivering (a consumer that died mid-event). */
  ackWaitMs: number;
  /** Delivered and unacked messages at most, across the consumer's replicas: the flow control. */
  maxAckPending: number;
}

/**
 * The consumer's config. It has no `backoff`: nats-server 2.9 adds a nak's delay to the backoff
 * step of the same delivery (5/55/235/1,195 s for an intended 5/30/120/600), so the redelivery
 * delays live in code (`nak(delay)`) and `ack_wait` only covers a consumer that stopped answering.
 */
export function durableConsumerConfig(spec: DurableConsumerSpec): Partial<ConsumerConfig> {
  if (spec.maxDeliver < 1) throw new Error(`${spec.name}: maxDeliver must be at least 1`);
  return {
    durable_name: spec.name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    max_deliver: spec.maxDeliver,
    ack_wait: nanos(spec.ackWaitMs),
    max_ack_pending: spec.maxAckPending,
    ...(spec.filterSubject ? { filter_subject: spec.filterSubject } : {}),
  };
}

export const isNotFound = (error: unknown): boolean =>
  error instanceof JetStreamApiError && error.status === 404;

/** Creates the durable pull consumer, or brings an existing one's settings up to date. */
export async function ensureDurableConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<void> {
  const config = durableConsumerConfig(spec);
  try {
    await jsm.consumers.info(spec.stream, spec.name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.consumers.add(spec.stream, config);
      return;
    } catch (addError) {
      // Another replica created it between our info and add: fall through to an update.
      await jsm.consumers.info(spec.stream, spec.name).catch(() => {
        throw addError;
      });
    }
  }
  const { durable_name: _durable, ack_policy: _ack, deliver_policy: _deliver, ...updatable } = config;
  // `update` merges into the stored config: an explicit undefined drops the backoff of a consumer
  // made by an earlier version (JSON leaves it out).
  await jsm.consumers.update(spec.stream, spec.name, { ...updatable, backoff: undefined });
}
