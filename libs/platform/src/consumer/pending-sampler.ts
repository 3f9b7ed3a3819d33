import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ConsumerMetrics } from './consumer-metrics';
import { isNotFound } from './durable-consumer';

export interface SampledConsumer {
  nc: NatsConnection;
  stream: string;
  consumer: string;
  metrics: ConsumerMetrics;
  /** Called when JetStream no longer has the durable consumer (deleted, or its stream was). */
  onMissing: () => void;
}

/** Reads the durable consumer's pending and ack-pending counts into the metrics. Never throws. */
export async function samplePending(target: SampledConsumer): Promise<void> {
  try {
    const jsm = await jetstreamManager(target.nc, { checkAPI: false });
    const info = await jsm.consumers.info(target.stream, target.consumer);
    target.metrics.sampled(info.num_pending, info.num_ack_pending);
  } catch (error) {
    // NATS unreachable: the next sample tells. Gone: the consumer starts over and recreates it.
    if (isNotFound(error)) target.onMissing();
  }
}
