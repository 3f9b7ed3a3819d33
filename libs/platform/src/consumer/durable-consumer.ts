import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  type ConsumerConfig,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export interface DurableConsumerSpec {
  stream: string;
  name: string;
  filterSubject?: string;
  maxDeliver: number;
  backoffMs: number[];
  ackWaitMs: number;
}

/**
 * The consumer's config. Note: when `backoff` is set, JetStream (2.9+) replaces `ack_wait` with
 * `backoff[0]`, and each later redelivery after a missed ack waits the next backoff step.
 */
export function durableConsumerConfig(spec: DurableConsumerSpec): Partial<ConsumerConfig> {
  if (spec.maxDeliver < 1) throw new Error(`${spec.name}: maxDeliver must be at least 1`);
  if (spec.backoffMs.length > 0 && spec.maxDeliver <= spec.backoffMs.length) {
    throw new Error(
      `${spec.name}: maxDeliver (${spec.maxDeliver}) must be greater than the number of backoff steps`,
    );
  }
  return {
    durable_name: spec.name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    max_deliver: spec.maxDeliver,
    ack_wait: nanos(spec.ackWaitMs),
    ...(spec.backoffMs.length ? { backoff: spec.backoffMs.map((ms) => nanos(ms)) } : {}),
    ...(spec.filterSubject ? { filter_subject: spec.filterSubject } : {}),
  };
}

const isNotFound = (error: unknown): boolean => error instanceof JetStreamApiError && error.status === 404;

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
  await jsm.consumers.update(spec.stream, spec.name, updatable);
}

/**
 * Runs `work` while telling JetStream, every half ack wait, that the message is still being
 * worked on, so a slow handler is not redelivered to another replica meanwhile.
 */
export async function whileWorking<T>(
  msg: Pick<JsMsg, 'working'>,
  spec: Pick<DurableConsumerSpec, 'backoffMs' | 'ackWaitMs'>,
  work: () => Promise<T>,
): Promise<T> {
  const ackWait = spec.backoffMs[0] ?? spec.ackWaitMs; // JetStream's effective ack wait, see above
  const timer = setInterval(() => msg.working(), Math.max(10, Math.floor(ackWait / 2)));
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
