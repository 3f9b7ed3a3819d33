import { randomUUID } from 'node:crypto';
import {
  commandSubject,
  HEADERS,
  isErrorCode,
  type CommandDefinition,
  type ContractError,
  type RequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { Histogram } from 'prom-client';
import { ServiceError } from '../errors/service-error';
import { currentRequestContext } from '../logging/logger';
import type { Metrics } from '../ops/metrics';
import type { Actor } from './command-context';

export interface CallOptions {
  actor?: Actor | null;
  clientIp?: string | null;
  requestId?: string;
  timeoutMs?: number;
  /** Makes the command idempotent for the actor (see IdempotencyKeys). */
  idempotencyKey?: string | null;
  /** W3C trace context to carry; the current request's when absent. */
  traceparent?: string | null;
}

export interface RpcClientOptions {
  nc: NatsConnection;
  prefix: string;
  defaultTimeoutMs: number;
  metrics: Metrics;
}

/** Sends commands over NATS request-reply; every call has a deadline, errors come back as ServiceError. */
export class RpcClient {
  private readonly duration: Histogram<'command' | 'outcome'>;

  constructor(private readonly options: RpcClientOptions) {
    this.duration = options.metrics.histogram(
      'vv_rpc_client_duration_seconds',
      'Time to get a command answered',
      ['command', 'outcome'],
    );
  }

  async call<C extends CommandDefinition>(
    def: C,
    payload: RequestOf<C>,
    call: CallOptions = {},
  ): Promise<ResponseOf<C>> {
    const timeout = call.timeoutMs ?? this.options.defaultTimeoutMs;
    const started = process.hrtime.bigint();
    const command = `${def.service}.${def.name}.v${def.version}`;
    const h = headers();
    const current = currentRequestContext();
    h.set(HEADERS.requestId, call.requestId ?? current?.requestId ?? randomUUID());
    const traceparent = call.traceparent ?? current?.traceparent;
    if (traceparent) h.set(HEADERS.traceparent, traceparent);
    h.set(HEADERS.deadline, String(Date.now() + timeout));
    if (call.actor) {
      h.set(HEADERS.actorUserId, call.actor.userId);
      h.set(HEADERS.actorSessionId, call.actor.sessionId);
    }
    if (call.clientIp) h.set(HEADERS.clientIp, call.clientIp);
    if (call.idempotencyKey) h.set(HEADERS.idempotencyKey, call.idempotencyKey);
    let outcome = 'ok';
    try {
      const msg = await this.options.nc
        .request(commandSubject(this.options.prefix, def), JSON.stringify(payload), { timeout, headers: h })
        .catch((error: unknown) => {
          throw transportError(error, command);
        });
      const reply = msg.json<{ data: ResponseOf<C> } | { error: ContractError }>();
      if ('error' in reply) {
        const code = isErrorCode(reply.error.code) ? reply.error.code : 'internal';
        throw new ServiceError(code, reply.error.message, reply.error.details);
      }
      return reply.data;
    } catch (error) {
      outcome = error instanceof ServiceError ? error.code : 'internal';
      throw error;
    } finally {
      this.duration.observe({ command, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}

function transportError(error: unknown, command: string): ServiceError {
  const name = error instanceof Error ? error.name : '';
  const cause = error instanceof Error ? (error.cause as Error | undefined) : undefined;
  if (name === 'TimeoutError' || cause?.name === 'TimeoutError') {
    return new ServiceError('timeout', `${command} did not answer in time`);
  }
  return new ServiceError('unavailable', `${command} is not available`);
}
