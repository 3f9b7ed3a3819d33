import { serviceStreamName, type ServiceName } from '@vv/contracts';
import {
  ensureServiceStream,
  EventConsumer,
  type BatchEventHandler,
  type Database,
  type EventHandler,
  type Logger,
  type Metrics,
  type NatsConnection,
} from '@vv/platform';

export interface ConsumerSpec {
  /** Durable name, `notifications-<purpose>`. */
  name: string;
  producer: ServiceName;
  /** The one subject filter; the producer's whole stream when absent. */
  filterSubject?: string;
  handler: EventHandler;
  batchHandler?: BatchEventHandler;
}

export interface ConsumerDeps {
  nc: NatsConnection;
  db: Database;
  prefix: string;
  logger: Logger;
  metrics: Metrics;
}

/** Starts one of notifications' durable consumers (inbox in notifications' schema). */
export async function startNotificationsConsumer(
  deps: ConsumerDeps,
  spec: ConsumerSpec,
): Promise<EventConsumer> {
  await ensureServiceStream(deps.nc, deps.prefix, spec.producer);
  const consumer = new EventConsumer({
    nc: deps.nc,
    db: deps.db,
    schema: 'notifications',
    service: 'notifications',
    prefix: deps.prefix,
    name: spec.name,
    stream: serviceStreamName(deps.prefix, spec.producer),
    filterSubject: spec.filterSubject,
    handler: spec.handler,
    batchHandler: spec.batchHandler,
    logger: deps.logger,
    metrics: deps.metrics,
  });
  await consumer.start();
  return consumer;
}
