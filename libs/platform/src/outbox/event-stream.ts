import {
  jetstreamManager,
  JetStreamApiError,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { serviceEventWildcard, serviceStreamName, type ServiceName } from '@vv/contracts';

/** How long a service's events stay replayable (stream resume, late consumers). */
const EVENT_RETENTION_DAYS = 7;
/** The stream's max age: no event older than this can still be delivered (replica tombstones outlive it). */
export const EVENT_RETENTION_MS = EVENT_RETENTION_DAYS * 24 * 3600 * 1000;
/**
 * JetStream drops a re-published event with the same Nats-Msg-Id inside this window. The relay
 * re-publishes only what it could not confirm, and looks at the stream's tail first after a failure
 * or a takeover, so what is left for the window is a relay that lost its lock racing its successor
 * for the batch in flight: milliseconds (docs/reliability.md, "Order and delivery").
 */
const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

/** Creates a stream if absent (an existing one is left as it is); safe when replicas race to create it. */
export async function ensureStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch (error) {
    if (!(error instanceof JetStreamApiError) || error.status !== 404) throw error;
    await jsm.streams.add(config).catch(async (addError: unknown) => {
      // Another replica created it between our info and add.
      await jsm.streams.info(config.name).catch(() => {
        throw addError;
      });
    });
  }
}

/** Creates the service's event stream if absent; safe when replicas race to create it. */
export async function ensureServiceStream(
  nc: NatsConnection,
  prefix: string,
  service: ServiceName,
): Promise<{ jsm: JetStreamManager; stream: string }> {
  const jsm = await jetstreamManager(nc);
  const stream = serviceStreamName(prefix, service);
  await ensureStream(jsm, {
    name: stream,
    subjects: [serviceEventWildcard(prefix, service)],
    max_age: nanos(EVENT_RETENTION_MS),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  });
  return { jsm, stream };
}
