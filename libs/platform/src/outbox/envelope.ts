import { eventSubject, type EventEnvelope, type ServiceName } from '@vv/contracts';
import type { RequestContext } from '../logging/logger';

/** A pending event as `<schema>.next_outbox_batch` returns it. */
export interface OutboxRow {
  seq: string;
  id: string;
  type: string;
  version: number;
  villageId: string | null;
  actorId: string | null;
  data: unknown;
  occurredAt: string;
  requestId: string | null;
  traceparent: string | null;
}

/** `<prefix>.evt.<service>.<entity>.<verb>.v<N>` of an outbox row (its type names the service). */
export function subjectOfRow(prefix: string, row: Pick<OutboxRow, 'type' | 'version'>): string {
  const [service, ...name] = row.type.split('.');
  return eventSubject(prefix, {
    service: service as ServiceName,
    name: name.join('.'),
    version: row.version,
  });
}

/** The envelope published for a row; the request context only when the command had one. */
export function envelopeOf(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    occurredAt: row.occurredAt,
    villageId: row.villageId,
    actorId: row.actorId,
    ...(row.requestId ? { requestId: row.requestId } : {}),
    ...(row.traceparent ? { traceparent: row.traceparent } : {}),
    data: row.data,
  };
}

/**
 * What a consumer handles an event under: the request id (and trace) of the command that caused
 * it, so its log lines and the events it writes tie back to that request; the event id otherwise.
 */
export const requestContextOf = (event: EventEnvelope): RequestContext => ({
  requestId: event.requestId ?? event.id,
  ...(event.traceparent ? { traceparent: event.traceparent } : {}),
});
