import {
  commandSubject,
  type CommandDefinition,
  type ContractError,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import { ServiceError, toContractError } from '../errors/service-error';
import type { IdempotencyKeys } from '../idempotency/idempotency-keys';
import { parseBoundedJsonBytes } from '../json/bounded-json';
import { withRequestContext } from '../logging/logger';
import type { Metrics } from '../ops/metrics';
import { contextFromHeaders, type CommandContext } from './command-context';
import { fieldErrors } from './field-errors';

export type CommandHandler<C extends CommandDefinition> = (
  request: ParsedRequestOf<C>,
  context: CommandContext,
) => Promise<ResponseOf<C>>;

export interface RpcServerOptions {
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
}

export interface RegisterOptions {
  /** Answered even at capacity (health checks: a busy replica is still alive). */
  exempt?: boolean;
}

type Reply = { data: unknown } | { error: ContractError };

const commandName = (def: CommandDefinition): string => `${def.service}.${def.name}.v${def.version}`;

/**
 * Answers commands on `<prefix>.cmd.<service>.…` in the service's queue group, so replicas share
 * the load. Requests are validated against the contract before the handler runs, and answers
 * are parsed through the response schema, so nothing outside the contract leaves the service.
 * Past `maxInFlight` commands at once, further ones are refused at once (load shedding).
 */
export class RpcServer {
  private readonly subscriptions: Subscription[] = [];
  /** Answers being worked on, so drain() can wait for them. */
  private readonly inFlight = new Set<Promise<void>>();
  private readonly duration: Histogram<'command' | 'outcome'>;
  /** What a replica at capacity answers, serialised once: it tells the caller when to retry. */
  private readonly atCapacity: string;

  constructor(private readonly options: RpcServerOptions) {
    this.duration = options.metrics.histogram('vv_rpc_server_duration_seconds', 'Time to answer a command', [
      'command',
      'outcome',
    ]);
    this.atCapacity = JSON.stringify({
      error: {
        code: 'unavailable',
        message: `The ${options.service} service is at capacity; retry shortly`,
        details: { retryAfterSeconds: 1 },
      },
    } satisfies Reply);
  }

  register<C extends CommandDefinition>(
    def: C,
    handler: CommandHandler<C>,
    registration: RegisterOptions = {},
  ): void {
    const { nc, service, prefix, maxInFlight = Infinity } = this.options;
    const subject = commandSubject(prefix, def);
    const command = commandName(def);
    const subscription = nc.subscribe(subject, {
      queue: service,
      callback: (error, msg) => {
        if (error) {
          this.options.logger.error({ err: error, subject }, 'subscription error');
          return;
        }
        if (this.inFlight.size >= maxInFlight && !registration.exempt) {
          msg.respond(this.atCapacity);
          this.duration.observe({ command, outcome: 'shed' }, 0);
          return;
        }
        const answering: Promise<void> = this.answer(def, command, handler, msg)
          .catch((answerError: unknown) => {
            this.options.logger.error({ err: answerError, subject }, 'could not answer a command');
          })
          .finally(() => this.inFlight.delete(answering));
        this.inFlight.add(answering);
      },
    });
    this.subscriptions.push(subscription);
  }

  private async answer<C extends CommandDefinition>(
    def: C,
    command: string,
    handler: CommandHandler<C>,
    msg: Msg,
  ): Promise<void> {
    const started = process.hrtime.bigint();
    const context = contextFromHeaders(msg.headers, this.options.defaultTimeoutMs);
    // The caller has given up: doing the work now would only compete with requests still waited for.
    if (Date.now() > context.deadline) {
      this.duration.observe({ command, outcome: 'expired' }, 0);
      return;
    }
    const reply = await withRequestContext(
      { requestId: context.requestId, ...(context.traceparent ? { traceparent: context.traceparent } : {}) },
      () => this.run(def, handler, msg, context),
    );
    msg.respond(JSON.stringify(reply));
    const outcome = 'error' in reply ? reply.error.code : 'ok';
    this.duration.observe({ command, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private async run<C extends CommandDefinition>(
    def: C,
    handler: CommandHandler<C>,
    msg: Msg,
    context: CommandContext,
  ): Promise<Reply> {
    try {
      let payload: unknown;
      try {
        payload = msg.data.length ? parseBoundedJsonBytes(msg.data) : {};
      } catch (error) {
        if (error instanceof ServiceError) throw error;
        throw ServiceError.invalid([{ field: '', reason: 'body is not valid JSON' }]);
      }
      const parsed = def.request.safeParse(payload);
      if (!parsed.success) throw ServiceError.invalid(fieldErrors(parsed.error));
      const execute = async (): Promise<unknown> =>
        def.response.parse(await handler(parsed.data as ParsedRequestOf<C>, context));
      const { idempotency } = this.options;
      if (!idempotency || !context.idempotencyKey || !context.actor) return { data: await execute() };
      const command = { userId: context.actor.userId, key: context.idempotencyKey, request: parsed.data };
      return {
        data: await idempotency.run({ ...command, command: commandName(def) }, execute),
      };
    } catch (error) {
      if (!(error instanceof ServiceError)) {
        this.options.logger.error({ err: error, command: def.name }, 'command failed');
      }
      return { error: toContractError(error) };
    }
  }

  /** Stops taking new commands and waits for the answers of those in flight. */
  async drain(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.drain()));
    this.subscriptions.length = 0;
    // A subscription's drain ends once its messages reach the callback, not when their async answers do.
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}
