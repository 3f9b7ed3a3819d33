import { randomUUID } from 'node:crypto';
import { BaseRpcContext } from '@nestjs/microservices';
import { HEADERS, TRACEPARENT_PATTERN } from '@vv/contracts';
import type { MsgHdrs } from '@nats-io/transport-node';
import { ServiceError } from '../errors/service-error';

export interface Actor {
  userId: string;
  sessionId: string;
}

/**
 * The RPC context of a command (Nest's `@Ctx()`, the handler's second argument): what every command
 * carries besides its payload, read once from the NATS headers set by the caller. Like Nest's
 * `NatsContext` it also gives the subject and the raw headers.
 */
export class CommandContext extends BaseRpcContext<[subject: string, headers: MsgHdrs | undefined]> {
  readonly requestId: string;
  readonly actor: Actor | null;
  readonly clientIp: string | null;
  /** Epoch milliseconds after which the caller no longer waits. */
  readonly deadline: number;
  /** The client's Idempotency-Key (with an actor): the command runs at most once per actor and key. */
  readonly idempotencyKey: string | null;
  /** The caller's W3C `traceparent` when well-formed (else ignored, as the W3C spec asks). */
  readonly traceparent: string | null;

  constructor(subject: string, headers: MsgHdrs | undefined, fallbackTimeoutMs: number) {
    super([subject, headers]);
    // One pass over the headers: MsgHdrs.get lists and filters every key on each call.
    const values = new Map<string, string>();
    if (headers) for (const [name, [value]] of headers) if (value) values.set(name, value);
    const get = (name: string): string | null => values.get(name) ?? null;
    const userId = get(HEADERS.actorUserId);
    const sessionId = get(HEADERS.actorSessionId);
    const deadline = Number(get(HEADERS.deadline));
    this.requestId = get(HEADERS.requestId) ?? randomUUID();
    this.actor = userId && sessionId ? { userId, sessionId } : null;
    this.clientIp = get(HEADERS.clientIp);
    this.deadline = Number.isFinite(deadline) && deadline > 0 ? deadline : Date.now() + fallbackTimeoutMs;
    this.idempotencyKey = get(HEADERS.idempotencyKey);
    this.traceparent = validTraceparent(get(HEADERS.traceparent));
  }

  getSubject(): string {
    return this.args[0];
  }

  getHeaders(): MsgHdrs | undefined {
    return this.args[1];
  }
}

/** A `traceparent` of the version-00 layout, not of the invalid version ff nor all-zero ids; else null. */
export function validTraceparent(value: string | null | undefined): string | null {
  if (!value || !TRACEPARENT_PATTERN.test(value)) return null;
  const [version, traceId, parentId] = value.split('-');
  return version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(parentId) ? null : value;
}

/** The signed-in caller, or `unauthenticated`. */
export function requireActor(context: CommandContext): Actor {
  if (!context.actor) throw new ServiceError('unauthenticated', 'Sign in first');
  return context.actor;
}
