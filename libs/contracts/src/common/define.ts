import { z } from 'zod';
import { isoTimestamp, uuid } from './schemas';
import type { ServiceName } from './service-names';

/** A request-reply message: `<prefix>.cmd.<service>.<name>.v<version>`. */
export interface CommandDefinition<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly kind: 'command';
  readonly service: ServiceName;
  /** `<entity>.<verb>`, e.g. `auth.signup`. */
  readonly name: string;
  readonly version: number;
  readonly summary: string;
  readonly request: Req;
  readonly response: Res;
}

/** A domain event (a fact, past tense): `<prefix>.evt.<service>.<name>.v<version>`. */
export interface EventDefinition<Data extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly service: ServiceName;
  /** `<entity>.<past-tense-verb>`, e.g. `user.registered`. */
  readonly name: string;
  readonly version: number;
  readonly summary: string;
  readonly data: Data;
}

export const defineCommand = <Req extends z.ZodType, Res extends z.ZodType>(
  def: Omit<CommandDefinition<Req, Res>, 'kind'>,
): CommandDefinition<Req, Res> => ({ kind: 'command', ...def });

export const defineEvent = <Data extends z.ZodType>(
  def: Omit<EventDefinition<Data>, 'kind'>,
): EventDefinition<Data> => ({ kind: 'event', ...def });

export type RequestOf<C extends CommandDefinition> = z.input<C['request']>;
export type ParsedRequestOf<C extends CommandDefinition> = z.output<C['request']>;
export type ResponseOf<C extends CommandDefinition> = z.output<C['response']>;
export type EventDataOf<E extends EventDefinition> = z.output<E['data']>;

/** The subject prefix (`vv` by default) is configurable so several apps can share one NATS. */
export const commandSubject = (prefix: string, def: CommandDefinition): string =>
  `${prefix}.cmd.${def.service}.${def.name}.v${def.version}`;

export const eventSubject = (
  prefix: string,
  def: Pick<EventDefinition, 'service' | 'name' | 'version'>,
): string => `${prefix}.evt.${def.service}.${def.name}.v${def.version}`;

/** `<service>.<name>`, the `type` of an event envelope. */
export const eventType = (def: Pick<EventDefinition, 'service' | 'name'>): string =>
  `${def.service}.${def.name}`;

/** Subjects captured by a service's JetStream stream. */
export const serviceEventWildcard = (prefix: string, service: ServiceName): string =>
  `${prefix}.evt.${service}.>`;

/** The JetStream stream of a service, e.g. `VV_IDENTITY`. */
export const serviceStreamName = (prefix: string, service: ServiceName): string =>
  `${prefix}_${service}`.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase();

/** Where a consumer's poison messages go after their last delivery. */
export const deadLetterSubject = (prefix: string, service: ServiceName, consumer: string): string =>
  `${prefix}.dlq.${service}.${consumer}`;

/** A W3C Trace Context `traceparent` (version 00 layout): `<version>-<trace-id>-<parent-id>-<flags>`. */
export const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The envelope every event travels in. */
export const eventEnvelope = <Data extends z.ZodType>(data: Data) =>
  z.object({
    id: uuid,
    type: z.string(),
    version: z.number().int().positive(),
    occurredAt: isoTimestamp,
    villageId: uuid.nullable(),
    actorId: uuid.nullable(),
    /** The request id of the command that caused the event, when it had one. */
    requestId: z.string().min(1).max(128).optional(),
    /**
     * The W3C `traceparent` the command that caused the event was sent with, if any. Only a
     * well-formed one is recorded; it is informational, so a reader does not refuse an event over it.
     */
    traceparent: z.string().min(1).max(128).optional(),
    data,
  });

export type EventEnvelope<Data = unknown> = {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  villageId: string | null;
  actorId: string | null;
  requestId?: string;
  traceparent?: string;
  data: Data;
};

/**
 * NATS headers every command carries; on an answer, `error` marks a failure. A success answer's body
 * is the response's JSON, a failure's the contract error's JSON, so a caller tells them apart
 * without reading the body and can forward a success as it is.
 */
export const HEADERS = {
  requestId: 'x-request-id',
  actorUserId: 'vv-actor-user',
  actorSessionId: 'vv-actor-session',
  clientIp: 'vv-client-ip',
  /** Epoch milliseconds after which the caller no longer waits for the answer. */
  deadline: 'vv-deadline',
  /** The client's `Idempotency-Key`: the command runs at most once per actor and key (24 h). */
  idempotencyKey: 'vv-idempotency-key',
  /** W3C Trace Context of the caller, carried into the events the command causes. */
  traceparent: 'traceparent',
  /** Present (`1`) on an answer that is a contract error. */
  error: 'vv-error',
} as const;
