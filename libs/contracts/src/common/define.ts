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

/** The envelope every event travels in. */
export const eventEnvelope = <Data extends z.ZodType>(data: Data) =>
  z.object({
    id: uuid,
    type: z.string(),
    version: z.number().int().positive(),
    occurredAt: isoTimestamp,
    villageId: uuid.nullable(),
    actorId: uuid.nullable(),
    data,
  });

export type EventEnvelope<Data = unknown> = {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  villageId: string | null;
  actorId: string | null;
  data: Data;
};

/** NATS headers every command carries. */
export const HEADERS = {
  requestId: 'x-request-id',
  actorUserId: 'vv-actor-user',
  actorSessionId: 'vv-actor-session',
  clientIp: 'vv-client-ip',
  /** Epoch milliseconds after which the caller no longer waits for the answer. */
  deadline: 'vv-deadline',
  /** The client's `Idempotency-Key`: the command runs at most once per actor and key (24 h). */
  idempotencyKey: 'vv-idempotency-key',
} as const;
