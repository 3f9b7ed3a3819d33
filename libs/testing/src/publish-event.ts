import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { eventSubject, eventType, type EventDefinition, type EventEnvelope } from '@vv/contracts';

export interface EventOptions {
  /** Default: now. Order-sensitive tests publish an older event after a newer one. */
  occurredAt?: string | Date;
  /** Default: `data.villageId` when the payload has one. */
  villageId?: string | null;
  actorId?: string | null;
}

/** An envelope as the producer's outbox would write it. */
export function envelopeOf(def: EventDefinition, data: unknown, options: EventOptions = {}): EventEnvelope {
  const occurredAt = options.occurredAt ?? new Date();
  const villageId = (data as { villageId?: unknown }).villageId;
  return {
    id: randomUUID(),
    type: eventType(def),
    version: def.version,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    villageId:
      options.villageId !== undefined ? options.villageId : typeof villageId === 'string' ? villageId : null,
    actorId: options.actorId ?? null,
    data,
  };
}

/**
 * Publishes an envelope on its producer's stream with a fresh Nats-Msg-Id, so publishing one
 * envelope twice is what a redelivery looks like to a consumer.
 */
export async function publishEnvelope(
  nc: NatsConnection,
  prefix: string,
  def: EventDefinition,
  envelope: EventEnvelope,
): Promise<EventEnvelope> {
  await jetstream(nc).publish(eventSubject(prefix, def), JSON.stringify(envelope), { msgID: randomUUID() });
  return envelope;
}

/** Publishes a new event of `def` as its producer would. */
export function publishEvent(
  nc: NatsConnection,
  prefix: string,
  def: EventDefinition,
  data: unknown,
  options: EventOptions = {},
): Promise<EventEnvelope> {
  return publishEnvelope(nc, prefix, def, envelopeOf(def, data, options));
}
