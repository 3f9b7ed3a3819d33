import { randomUUID } from 'node:crypto';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import {
  commandSubject,
  HEADERS,
  isErrorCode,
  type CommandDefinition,
  type ContractError,
  type RequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { headers, type Msg, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import type { Histogram } from 'prom-client';
import { ServiceError } from '../errors/service-error';
import { currentRequestContext } from '../logging/logger';
import type { Metrics } from '../ops/metrics';
import type { Actor } from './command-context';
import { commandPattern } from './command.decorator';
import { RequestFailed, RequestMux } from './request-mux';

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

export interface NatsClientProxyOptions {
  /** The process's one connection; the proxy never closes it. */
  nc: NatsConnection;
  prefix: string;
  defaultTimeoutMs: number;
  metrics: Metrics;
}

const json = (msg: Msg): unknown => msg.json();
const bytes = (msg: Msg): Uint8Array => msg.data;

/**
 * Nest's client for the suite's commands, over the process's NATS connection. `call(def, request)` is
 * the typed way (the answer parsed, errors as ServiceError); `callRaw` leaves a success's JSON
 * unparsed, for a caller that only passes it on; Nest's `send(pattern, data)` works too,
 * with a `@Command` pattern (`<service>.<name>.v<N>`). Every request has a deadline (the timeout, also
 * sent as a header so the server drops it once the caller has given up) and carries the request id,
 * trace context, actor and client address as NATS headers.
 */
export class NatsClientProxy extends ClientProxy {
  private readonly duration: Histogram<'command' | 'outcome'>;
  private readonly mux: RequestMux;

  constructor(private readonly options: NatsClientProxyOptions) {
    super();
    this.mux = new RequestMux(options.nc);
    this.duration = options.metrics.histogram(
      'vv_rpc_client_duration_seconds',
      'Time to get a command answered',
      ['command', 'outcome'],
    );
  }

  call<C extends CommandDefinition>(
    def: C,
    payload: RequestOf<C>,
    call: CallOptions = {},
  ): Promise<ResponseOf<C>> {
    return this.request(
      commandSubject(this.options.prefix, def),
      commandPattern(def),
      payload,
      call,
      json,
    ) as Promise<ResponseOf<C>>;
  }

  /**
   * Like `call`, but answers the response's JSON bytes as the service sent them, unparsed: the service
   * has already parsed them through the contract's response schema. Errors are thrown as by `call`.
   */
  callRaw<C extends CommandDefinition>(
    def: C,
    payload: RequestOf<C>,
    call: CallOptions = {},
  ): Promise<Uint8Array> {
    return this.request(commandSubject(this.options.prefix, def), commandPattern(def), payload, call, bytes);
  }

  connect(): Promise<NatsConnection> {
    return Promise.resolve(this.options.nc);
  }

  /** The connection belongs to the process, which drains it last. */
  close(): void {}

  unwrap<T>(): T {
    return this.options.nc as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const command = this.normalizePattern(packet.pattern as string);
    this.request(`${this.options.prefix}.cmd.${command}`, command, packet.data, {}, json).then(
      (response) => callback({ response, isDisposed: true }),
      (err: unknown) => callback({ err, isDisposed: true }),
    );
    return () => undefined;
  }

  /** A command nobody waits for: published with the same headers, its answer (if any) is not read. */
  protected dispatchEvent<T = undefined>(packet: ReadPacket): Promise<T> {
    const command = this.normalizePattern(packet.pattern as string);
    const timeout = this.options.defaultTimeoutMs;
    this.options.nc.publish(`${this.options.prefix}.cmd.${command}`, JSON.stringify(packet.data ?? {}), {
      headers: this.headers({}, timeout),
    });
    return Promise.resolve(undefined as T);
  }

  /** Sends a command and decodes its success answer with `decode`; a failure answer is thrown as a ServiceError. */
  private async request<T>(
    subject: string,
    command: string,
    payload: unknown,
    call: CallOptions,
    decode: (msg: Msg) => T,
  ): Promise<T> {
    const timeout = call.timeoutMs ?? this.options.defaultTimeoutMs;
    const started = performance.now();
    let outcome = 'ok';
    try {
      const msg = await this.mux
        .request(subject, JSON.stringify(payload), this.headers(call, timeout), timeout)
        .catch((error: unknown) => {
          throw transportError(error, command);
        });
      if (msg.headers?.has(HEADERS.error)) {
        const error = msg.json<ContractError>();
        throw new ServiceError(
          isErrorCode(error.code) ? error.code : 'internal',
          error.message,
          error.details,
        );
      }
      return decode(msg);
    } catch (error) {
      outcome = error instanceof ServiceError ? error.code : 'internal';
      throw error;
    } finally {
      this.duration.observe({ command, outcome }, (performance.now() - started) / 1000);
    }
  }

  private headers(call: CallOptions, timeout: number): MsgHdrs {
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
    return h;
  }
}

function transportError(error: unknown, command: string): ServiceError {
  if (error instanceof RequestFailed && error.reason === 'timeout') {
    return new ServiceError('timeout', `${command} did not answer in time`);
  }
  return new ServiceError('unavailable', `${command} is not available`);
}
