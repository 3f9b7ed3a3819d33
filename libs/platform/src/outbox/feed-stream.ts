import {
  jetstreamManager,
  JetStreamApiError,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
  type StreamSource,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { SERVICE_NAMES, serviceStreamName, type ServiceName } from '@vv/contracts';
import { ensureServiceStream } from './event-stream';

/** Every service that publishes events: all of them but the gateway. */
export const FEED_SERVICES: readonly ServiceName[] = SERVICE_NAMES.filter((service) => service !== 'gateway');

/** JetStream's default de-duplication window; it may not exceed the stream's max age. */
const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

/** The app's aggregate event stream, e.g. `VV_FEED`: every service stream as a source. */
export const feedStreamName = (prefix: string): string =>
  `${prefix}_FEED`.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase();

const infoOrNull = async (jsm: JetStreamManager, name: string): Promise<StreamInfo | null> => {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.status === 404) return null;
    throw error;
  }
};

/**
 * Creates or updates `<PREFIX>_FEED`: a stream without subjects of its own that sources every
 * service stream (created first when missing), keeping `maxAgeMs` of history. Its stream sequence
 * orders all the app's events in one line — the ids of the gateway's WebSocket stream. A source
 * added later starts at `now - maxAgeMs`, so it does not copy more history than the feed keeps.
 * Idempotent, and safe when replicas race: each computes the same configuration.
 */
export async function ensureFeedStream(
  nc: NatsConnection,
  prefix: string,
  maxAgeMs: number,
): Promise<{ jsm: JetStreamManager; stream: string }> {
  for (const service of FEED_SERVICES) await ensureServiceStream(nc, prefix, service);
  const jsm = await jetstreamManager(nc);
  const stream = feedStreamName(prefix);
  const wanted = FEED_SERVICES.map((service) => serviceStreamName(prefix, service));
  const limits = {
    max_age: nanos(maxAgeMs),
    duplicate_window: nanos(Math.min(DUPLICATE_WINDOW_MS, maxAgeMs)),
  };
  const newSource = (name: string): StreamSource => ({
    name,
    opt_start_time: new Date(Date.now() - maxAgeMs).toISOString(),
  });

  let info = await infoOrNull(jsm, stream);
  if (!info) {
    try {
      await jsm.streams.add({ name: stream, subjects: [], sources: wanted.map(newSource), ...limits });
      return { jsm, stream };
    } catch (error) {
      // Another replica created it between our info and add: bring that one up to date below.
      info = await infoOrNull(jsm, stream);
      if (!info) throw error;
    }
  }
  const config: StreamConfig = info.config;
  const current = config.sources ?? [];
  const have = new Set(current.map((source) => source.name));
  const upToDate =
    config.max_age === limits.max_age &&
    config.duplicate_window === limits.duplicate_window &&
    current.length === wanted.length &&
    wanted.every((name) => have.has(name));
  if (upToDate) return { jsm, stream };
  const sources = [
    ...current.filter((source) => wanted.includes(source.name)),
    ...wanted.filter((name) => !have.has(name)).map(newSource),
  ];
  await jsm.streams.update(stream, { ...config, ...limits, sources });
  return { jsm, stream };
}
