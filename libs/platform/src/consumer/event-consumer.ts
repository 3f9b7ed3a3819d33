import {
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
} from '@nats-io/jetstream';
import type { EventEnvelope } from '@vv/contracts';
import { withRequestContext } from '../logging/logger';
import { requestContextOf } from '../outbox/envelope';
import { ConsumerMetrics, type ConsumerOutcome as Outcome } from './consumer-metrics';
import type { EventConsumerOptions } from './event-consumer-options';
import { ensureDeadLetterStream, publishDeadLetter } from './dead-letter';
import {
  durableConsumerConfig,
  ensureDurableConsumer,
  whileWorking,
  type DurableConsumerSpec,
} from './durable-consumer';
import { parseEnvelope, reasonOf } from './parse-envelope';

// The first step is also JetStream's ack wait (2.9 replaces ack_wait with backoff[0]); 5 s keeps a
// slow handler from being redelivered while it runs, on top of the in-progress pings.
const DEFAULT_BACKOFF_MS = [5000, 30_000, 120_000, 600_000];

/**
 * A durable JetStream pull consumer with an inbox: each event's effect and its inbox row commit in
 * one transaction, so a redelivery is a no-op. A failure is retried after a backoff; after
 * `maxDeliver` deliveries the message is stored on the dead-letter subject, logged and counted.
 */
export class EventConsumer {
  private readonly spec: DurableConsumerSpec;
  private readonly backoffMs: number[];
  private readonly metrics: ConsumerMetrics;
  private js?: JetStreamClient;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping = false;

  constructor(private readonly options: EventConsumerOptions) {
    if (!new RegExp(`^${options.service}-[a-z0-9][a-z0-9-]*$`).test(options.name)) {
      throw new Error(
        `Consumer name ${options.name} must be <service>-<purpose>, e.g. ${options.service}-members`,
      );
    }
    this.backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.spec = {
      stream: options.stream,
      name: options.name,
      filterSubject: options.filterSubject,
      maxDeliver: options.maxDeliver ?? 5,
      backoffMs: this.backoffMs,
      ackWaitMs: options.ackWaitMs ?? 30_000,
    };
    durableConsumerConfig(this.spec); // fails fast on an invalid combination
    this.metrics = new ConsumerMetrics(options.metrics, options.name);
  }

  /** Creates the dead-letter stream and the durable consumer if needed, then consumes. */
  async start(): Promise<void> {
    if (this.loop) return;
    const { nc, prefix } = this.options;
    const jsm = await jetstreamManager(nc);
    await ensureDeadLetterStream(jsm, prefix);
    await ensureDurableConsumer(jsm, this.spec);
    this.js = jetstream(nc);
    const consumer = await this.js.consumers.get(this.spec.stream, this.spec.name);
    const messages = await consumer.consume({ max_messages: this.options.maxMessages ?? 1 });
    this.stopping = false;
    this.messages = messages;
    void this.watch(messages);
    this.loop = this.run(messages);
  }

  /** Stops pulling; resolves after the message in flight is handled. Prefetched ones are handed back. */
  async stop(): Promise<void> {
    this.stopping = true;
    const { messages, loop } = this;
    this.messages = undefined;
    this.loop = undefined;
    await messages?.close();
    await loop;
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      if (this.stopping) msg.nak();
      else await this.handle(msg);
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    const started = process.hrtime.bigint();
    let outcome: Outcome;
    const parsed = parseEnvelope(msg);
    if (!parsed.success) {
      outcome = await this.deadLetter(msg, `unparseable event envelope: ${parsed.reason}`);
    } else {
      const event = parsed.event;
      outcome = await withRequestContext(requestContextOf(event), async () => {
        try {
          const applied = await whileWorking(msg, this.spec, () => this.apply(event));
          await this.ack(msg, event);
          return applied ? 'ok' : 'duplicate';
        } catch (error) {
          return this.failed(msg, event, error);
        }
      });
    }
    this.metrics.handledOne(outcome, Number(process.hrtime.bigint() - started) / 1e9);
  }

  /** True when applied now, false when the inbox shows an earlier delivery already applied it. */
  private apply(event: EventEnvelope): Promise<boolean> {
    const { db, schema, handler } = this.options;
    return db.transaction(async (tx) => {
      const row = await tx.maybeOne<{ claimInbox: boolean }>(`${schema}.claim_inbox`, {
        consumer: this.spec.name,
        eventId: event.id,
      });
      if (!row?.claimInbox) return false;
      await handler(event, tx);
      return true;
    });
  }

  /** The effect is committed: an unconfirmed ack only means a redelivery, which the inbox turns into a no-op. */
  private async ack(msg: JsMsg, event: EventEnvelope): Promise<void> {
    try {
      await msg.ackAck();
    } catch (error) {
      this.options.logger.warn(
        { err: error, consumer: this.spec.name, eventId: event.id },
        'event ack not confirmed',
      );
    }
  }

  private async failed(msg: JsMsg, event: EventEnvelope, error: unknown): Promise<Outcome> {
    const deliveries = msg.info.deliveryCount;
    if (deliveries >= this.spec.maxDeliver) return this.deadLetter(msg, reasonOf(error), event);
    const delay = this.backoffMs.length
      ? this.backoffMs[Math.min(deliveries, this.backoffMs.length) - 1]
      : undefined;
    this.options.logger.warn(
      {
        err: error,
        consumer: this.spec.name,
        eventId: event.id,
        type: event.type,
        deliveries,
        retryInMs: delay,
      },
      'event handler failed; it will be redelivered',
    );
    msg.nak(delay);
    return 'retry';
  }

  private async deadLetter(msg: JsMsg, reason: string, event?: EventEnvelope): Promise<Outcome> {
    const { prefix, service, logger } = this.options;
    const consumer = this.spec.name;
    const context = {
      consumer,
      eventId: event?.id,
      subject: msg.subject,
      deliveries: msg.info.deliveryCount,
      reason,
    };
    try {
      const deadLetterSubject = await publishDeadLetter(this.js!, msg, { prefix, service, consumer, reason });
      msg.term();
      logger.error({ ...context, deadLetterSubject }, 'event dead-lettered');
      return 'dead_letter';
    } catch (error) {
      // Left unacked: redelivered while deliveries remain; the payload is logged in case none do.
      logger.error(
        { ...context, err: error, data: Buffer.from(msg.data).toString('base64') },
        'dead-letter publish failed',
      );
      return 'dead_letter_failed';
    }
  }

  private async watch(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const status of messages.status()) {
        if (
          status.type === 'heartbeats_missed' ||
          status.type === 'consumer_deleted' ||
          status.type === 'consumer_not_found'
        ) {
          this.options.logger.warn({ consumer: this.spec.name, status }, 'event consumer status');
        }
      }
    } catch {
      // The status stream ends with the consumer.
    }
  }
}
