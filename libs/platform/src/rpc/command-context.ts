import { randomUUID } from 'node:crypto';
import { HEADERS, TRACEPARENT_PATTERN } from '@vv/contracts';
import type { MsgHdrs } from '@nats-io/transport-node';
import { ServiceError } from '../errors/service-error';

export interface Actor {
  userId: string;
  sessionId: string;
}

/** What every command carries besides its payload, from NATS headers set by the caller. */
export interface CommandContext {
  requestId: string;
  actor: Actor | null;
  clientIp: string | null;
  /** Epoch milliseconds after which the caller no longer waits. */
  deadline: number;
  /** The client's Idempotency-Key (with an actor): the command runs at most once per actor and key. */
  idempotencyKey: string | null;
  /** The caller's W3C `traceparent` when well-formed (else ignored, as the W3C spec asks). */
  traceparent: string | null;
}

export function contextFromHeaders(headers: MsgHdrs | undefined, fallbackTimeoutMs: number): CommandContext {
  const get = (name: string): string | null => headers?.get(name) || null;
  const userId = get(HEADERS.actorUserId);
  const sessionId = get(HEADERS.actorSessionId);
  const deadline = Number(get(HEADERS.deadline));
  return {
    requestId: get(HEADERS.requestId) ?? randomUUID(),
    actor: userId && sessionId ? { userId, sessionId } : null,
    clientIp: get(HEADERS.clientIp),
    deadline: Number.isFinite(deadline) && deadline > 0 ? deadline : Date.now() + fallbackTimeoutMs,
    idempotencyKey: get(HEADERS.idempotencyKey),
    traceparent: validTraceparent(get(HEADERS.traceparent)),
  };
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
