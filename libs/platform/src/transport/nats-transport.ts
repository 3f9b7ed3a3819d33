import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { commandSubject, type CommandDefinition, type ContractError } from '@vv/contracts';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import { isObservable, lastValueFrom } from 'rxjs';
import { ServiceError } from '../errors/service-error';
import type { IdempotencyKeys } from '../idempotency/idempotency-keys';
import { parseBoundedJsonBytes } from '../json/bounded-json';
import { withRequestContext } from '../logging/logger';
import type { Metrics } from '../ops/metrics';
import { CommandContext } from './command-context';
import { commandPattern, type CommandExtras } from './command.decorator';
import { commandReplyError, respondData, respondError } from './command-reply';
import { fieldErrors } from './field-errors';
import { PreparedJson } from './prepared-json';

export interface NatsTransportOptions {
  /** The process's one connection (JetStream and the client share it); the transport never closes it. */
  nc: NatsConnection;
  service: string;
  prefix: string;
  logger: Logger;
  metrics: Metrics;
  defaultTimeoutMs: number;
  /**
   * Commands this replica works on at once; beyond it a command is refused at once with
   * `unavailable` (503 + Retry-After at the gateway) instead of queueing for the pool until its
   * caller has given up. Unlimited when absent.
   */
  maxInFlight?: number;
  /** Present when the service owns a schema: commands sent with an Idempotency-Key run at most once. */
  idempotency?: IdempotencyKeys;
  /**
   * Parse every PreparedJson answer and check it against the response schema (outside production:
   * the tests prove prepared JSON keeps the contract); unchecked when false or absent.
   */
  checkPreparedResponses?: boolean;
}

/**
 * Nest's transport for the suite's commands: serves every `@Command` handler on
 * `<prefix>.cmd.<service>.…` in the service's queue group, so replicas share the load. Beyond Nest's
 * NATS transport it validates each request against its contract before the handler (and Nest's
 * guards, interceptors, pipes) run and parses each answer through the response schema, so nothing
 * outside the contract leaves the service (a PreparedJson answer is sent as it is, checked only when
 * `checkPreparedResponses`); drops requests whose caller's deadline has passed; refuses
 * at once past `maxInFlight` (load shedding); reads the caller's context from NATS headers into a
 * `CommandContext`; runs commands with an Idempotency-Key at most once; and shares the process's
 * NATS connection.
 */
export class NatsTransport extends Server implements CustomTransportStrategy {
  private readonly subscriptions: Subscription[] = [];
  /** Commands being answered; close() waits until none is. */
  private active = 0;
  private idle?: () => void;
  private readonly duration: Histogram<'command' | 'outcome'>;
  /** What a replica at capacity answers, serialised once: it tells the caller when to retry. */
  private readonly atCapacity: string;
  private closing?: Promise<void>;

  constructor(private readonly options: NatsTransportOptions) {
    super();
    this.duration = options.metrics.histogram('vv_rpc_server_duration_seconds', 'Time to answer a command', [
      'command',
      'outcome',
    ]);
    this.atCapacity = JSON.stringify({
      code: 'unavailable',
      message: `The ${options.service} service is at capacity; retry shortly`,
      details: { retryAfterSeconds: 1 },
    } satisfies ContractError);
  }

  /** Subscribes every handler Nest bound; a pattern that is not a `@Command` is refused at start. */
  listen(callback: (error?: unknown) => void): void {
    try {
      for (const [pattern, handler] of this.messageHandlers) {
        const extras = handler.extras as Partial<CommandExtras> | undefined;
        if (handler.isEventHandler || !extras?.command) {
          throw new Error(`${pattern} is not a @Command handler: events are consumed from JetStream`);
        }
        this.subscribe(extras.command, handler, extras.exempt ?? false);
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stops taking new commands and waits for the answers of those in flight; the connection stays open. */
  close(): Promise<void> {
    return (this.closing ??= this.drain());
  }

  /** The connection's status is watched where it is opened (connectNats); the transport adds none. */
  on(): never {
    throw new Error('NatsTransport shares the process connection: watch its status where it is opened');
  }

  unwrap<T>(): T {
    return this.options.nc as T;
  }

  private subscribe(def: CommandDefinition, handler: MessageHandler, exempt: boolean): void {
    const { nc, service, prefix, maxInFlight = Infinity, defaultTimeoutMs } = this.options;
    const subject = commandSubject(prefix, def);
    const command = commandPattern(def);
    const subscription = nc.subscribe(subject, {
      queue: service,
      callback: (error, msg) => {
        if (error) {
          this.options.logger.error({ err: error, subject }, 'subscription error');
          return;
        }
        if (this.active >= maxInFlight && !exempt) {
          respondError(msg, this.atCapacity);
          this.duration.observe({ command, outcome: 'shed' }, 0);
          return;
        }
        let context: CommandContext;
        try {
          context = new CommandContext(msg.subject, msg.headers, defaultTimeoutMs);
        } catch (headerError) {
          this.options.logger.error({ err: headerError, subject }, 'could not read a command');
          return;
        }
        // The caller has given up: doing the work now would only compete with requests still waited for.
        if (Date.now() > context.deadline) {
          this.duration.observe({ command, outcome: 'expired' }, 0);
          return;
        }
        this.active++;
        void withRequestContext(
          {
            requestId: context.requestId,
            ...(context.traceparent ? { traceparent: context.traceparent } : {}),
          },
          () => this.answer(def, command, handler, msg, context),
        );
      },
    });
    this.subscriptions.push(subscription);
  }

  /**
   * Answers one command. One async function on purpose: every promise costs the request-context
   * hooks on this path, so the steps are not split into more. Never rejects.
   */
  private async answer(
    def: CommandDefinition,
    command: string,
    handler: MessageHandler,
    msg: Msg,
    context: CommandContext,
  ): Promise<void> {
    const started = performance.now();
    let data: unknown;
    let failure: ContractError | undefined;
    try {
      const request = parseRequest(def, msg);
      const execute = (): Promise<unknown> =>
        respondWith(def, handler, request, context, this.options.checkPreparedResponses === true);
      const { idempotency } = this.options;
      const { idempotencyKey: key, actor } = context;
      data = await (idempotency && key && actor
        ? idempotency.run({ userId: actor.userId, key, request, command }, execute)
        : execute());
    } catch (error) {
      failure = commandReplyError(error, this.options.logger, def);
    }
    try {
      if (failure) respondError(msg, failure);
      else respondData(msg, data);
      const outcome = failure ? failure.code : 'ok';
      this.duration.observe({ command, outcome }, (performance.now() - started) / 1000);
    } catch (error) {
      this.options.logger.error({ err: error, subject: msg.subject }, 'could not answer a command');
    } finally {
      if (--this.active === 0) this.idle?.();
    }
  }

  private async drain(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.drain()));
    this.subscriptions.length = 0;
    // A subscription's drain ends once its messages reach the callback, not when their async answers do.
    if (this.active) await new Promise<void>((resolve) => (this.idle = resolve));
  }
}

/** The request's payload, validated against the contract; `invalid` when it is not JSON or not the contract's. */
function parseRequest(def: CommandDefinition, msg: Msg): unknown {
  let payload: unknown;
  try {
    payload = msg.data.length ? parseBoundedJsonBytes(msg.data) : {};
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    throw ServiceError.invalid([{ field: '', reason: 'body is not valid JSON' }]);
  }
  const parsed = def.request.safeParse(payload);
  if (!parsed.success) throw ServiceError.invalid(fieldErrors(parsed.error));
  return parsed.data;
}

/**
 * Runs Nest's handler (guards, interceptors, pipes, the method, exception filters) and parses its answer
 * through the response schema. The handler resolves to the method's value, or to a stream when an
 * interceptor or a filter made one (a filter's answer is an erroring stream): only then is rxjs involved.
 */
async function respondWith(
  def: CommandDefinition,
  handler: MessageHandler,
  request: unknown,
  context: CommandContext,
  checkPrepared: boolean,
): Promise<unknown> {
  const handled: unknown = await handler(request, context);
  const value: unknown = isObservable(handled) ? await lastValueFrom(handled) : handled;
  if (!(value instanceof PreparedJson)) return def.response.parse(value);
  if (checkPrepared) def.response.parse(JSON.parse(value.json));
  return value;
}
