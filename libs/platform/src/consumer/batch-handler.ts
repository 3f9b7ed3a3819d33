import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { EventEnvelope } from '@vv/contracts';
import { withRequestContext } from '../logging/logger';
import { aborted, backoffDelayMs, pause, type CappedBackoff } from './capped-backoff';
import type { ConsumerMetrics, DeadLetterReason } from './consumer-metrics';
import { ensureDeadLetterStream, publishDeadLetter } from './dead-letter';
import type { EventConsumerOptions } from './event-consumer-options';
import { isInfrastructureFailure } from './failure-class';
import type { HeldMessages } from './held-messages';
import { applyInOneTransaction, applyWithoutInbox, eventContext } from './inbox-transaction';
import { contractViolation, parseEnvelope, reasonOf } from './parse-envelope';

interface Delivered {
  msg: JsMsg;
  event: EventEnvelope;
}

/** What a batch is handled with: the messages it holds, and the signal that the consumer is stopping. */
export interface BatchSession {
  held: HeldMessages;
  signal: AbortSignal;
}

export interface BatchHandlerSettings {
  maxDeliver: number;
  /** nak delays after handler errors: the n-th failed delivery waits step n (the last step repeats). */
  backoffMs: readonly number[];
  infrastructureRetry: CappedBackoff;
}

/** Thrown out of an in-place retry when the consumer stops meanwhile. */
class Stopped extends Error {}

/**
 * Handles a batch of messages, in delivery order, with three classes of failure:
 * - never valid (not an envelope, or data breaking its contract): dead-lettered at once;
 * - the infrastructure's (database or NATS unavailable): retried in place with a capped backoff
 *   while the message is held (`working()`), so no delivery is spent and nothing is dead-lettered;
 * - the handler's own error: nak'ed with the next backoff step, dead-lettered on delivery maxDeliver.
 * The valid events commit in one transaction with their inbox rows, then are acked; when that
 * transaction fails they are applied one by one, so one bad event does not hold up the rest.
 */
export class BatchHandler {
  constructor(
    private readonly options: EventConsumerOptions,
    private readonly settings: BatchHandlerSettings,
    private readonly metrics: ConsumerMetrics,
  ) {}

  async handle(msgs: readonly JsMsg[], session: BatchSession): Promise<void> {
    try {
      const valid: Delivered[] = [];
      for (const msg of msgs) {
        if (msg.info.deliveryCount > 1) this.metrics.redelivered();
        const parsed = parseEnvelope(msg);
        if (!parsed.success) {
          await this.deadLetter(msg, 'unparseable', `unparseable event envelope: ${parsed.reason}`, session);
          continue;
        }
        const violation = contractViolation(parsed.event);
        if (violation) await this.deadLetter(msg, 'invalid_data', violation, session, parsed.event);
        else valid.push({ msg, event: parsed.event });
      }
      if (valid.length > 1 && (await this.applyBatch(valid, session))) return;
      for (const delivered of valid) await this.applyOne(delivered, session);
    } catch (error) {
      if (!(error instanceof Stopped)) throw error;
      // Stopping: whatever is not settled yet goes back to JetStream.
      session.held.giveBack(msgs);
    }
  }

  /** True when the whole batch committed (and was acked). */
  private async applyBatch(batch: readonly Delivered[], session: BatchSession): Promise<boolean> {
    try {
      const outcomes = await this.apply(batch.map((delivered) => delivered.event));
      batch.forEach(({ msg }, index) => this.done(msg, outcomes[index], session));
      this.metrics.batch('committed');
      return true;
    } catch (error) {
      this.metrics.batch('fallback');
      this.options.logger.debug(
        { err: error, consumer: this.options.name, events: batch.length },
        'event batch failed; applying its events one by one',
      );
      return false;
    }
  }

  private async applyOne({ msg, event }: Delivered, session: BatchSession): Promise<void> {
    const started = process.hrtime.bigint();
    try {
      const [outcome] = await this.retryingInfrastructure(session, () => this.apply([event]), event);
      this.done(msg, outcome, session);
    } catch (error) {
      if (error instanceof Stopped) throw error;
      await this.failed(msg, event, error, session, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private apply(events: readonly EventEnvelope[]) {
    const { db, schema, name, handler, batchHandler, inbox } = this.options;
    if (inbox === false) return applyWithoutInbox(db, { handler, batchHandler }, events);
    return applyInOneTransaction(db, { schema, consumer: name }, { handler, batchHandler }, events);
  }

  /** The effect is committed: a lost ack only means a redelivery, which the inbox turns into a no-op. */
  private done(msg: JsMsg, outcome: { applied: boolean; seconds: number }, session: BatchSession): void {
    this.settle(msg, session, (m) => m.ack());
    this.metrics.handledOne(outcome.applied ? 'ok' : 'duplicate', outcome.seconds);
  }

  private async failed(
    msg: JsMsg,
    event: EventEnvelope,
    error: unknown,
    session: BatchSession,
    seconds: number,
  ): Promise<void> {
    const deliveries = msg.info.deliveryCount;
    if (deliveries >= this.settings.maxDeliver) {
      await this.deadLetter(msg, 'handler_error', reasonOf(error), session, event);
      return;
    }
    const { backoffMs } = this.settings;
    const delay = backoffMs.length ? backoffMs[Math.min(deliveries, backoffMs.length) - 1] : undefined;
    withRequestContext(eventContext(event), () =>
      this.options.logger.warn(
        {
          err: error,
          consumer: this.options.name,
          eventId: event.id,
          type: event.type,
          deliveries,
          retryInMs: delay,
        },
        'event handler failed; it will be redelivered',
      ),
    );
    this.settle(msg, session, (m) => m.nak(delay));
    this.metrics.handledOne('retry', seconds);
  }

  /** Stores the message on the dead-letter stream and terminates it; NATS being down is waited out. */
  private async deadLetter(
    msg: JsMsg,
    reason: DeadLetterReason,
    text: string,
    session: BatchSession,
    event?: EventEnvelope,
  ): Promise<void> {
    const { nc, prefix, service, name: consumer, logger } = this.options;
    const letter = { prefix, service, consumer, reason: text };
    let attempts = 0;
    let subject: string;
    try {
      subject = await this.retryingInfrastructure(
        session,
        async () => {
          // After a failure the stream may be what is missing (deleted, or NATS lost its state).
          if (attempts++ > 0)
            await ensureDeadLetterStream(await jetstreamManager(nc, { checkAPI: false }), prefix);
          return publishDeadLetter(jetstream(nc), msg, letter);
        },
        event,
      );
    } catch (error) {
      if (error instanceof Stopped) throw error;
      // Left unacked: redelivered after the ack wait while deliveries remain; the payload is logged
      // in case none do.
      session.held.release(msg);
      this.metrics.handledOne('dead_letter_failed', 0);
      logger.error(
        {
          consumer,
          eventId: event?.id,
          reason: text,
          err: error,
          data: Buffer.from(msg.data).toString('base64'),
        },
        'dead-letter publish failed',
      );
      return;
    }
    this.settle(msg, session, (m) => m.term());
    this.metrics.deadLettered(reason);
    this.metrics.handledOne('dead_letter', 0);
    logger.error(
      {
        consumer,
        eventId: event?.id,
        subject: msg.subject,
        deliveries: msg.info.deliveryCount,
        reason: text,
        deadLetterSubject: subject,
      },
      'event dead-lettered',
    );
  }

  /**
   * Runs `work` until it succeeds or fails for another reason than the infrastructure's, waiting a
   * capped backoff between attempts; the held message meanwhile keeps its delivery.
   */
  private async retryingInfrastructure<T>(
    session: BatchSession,
    work: () => Promise<T>,
    event?: EventEnvelope,
  ): Promise<T> {
    for (let failures = 1; ; failures++) {
      try {
        return await work();
      } catch (error) {
        if (!isInfrastructureFailure(error)) throw error;
        if (session.signal.aborted) throw new Stopped();
        const delay = backoffDelayMs(failures, this.settings.infrastructureRetry);
        this.metrics.retriedInPlace();
        // The first failure and then every 10th: an outage of minutes is not thousands of lines.
        if (failures % 10 === 1) {
          this.options.logger.warn(
            { err: error, consumer: this.options.name, eventId: event?.id, failures, retryInMs: delay },
            'infrastructure unavailable; retrying in place (no delivery spent)',
          );
        }
        await pause(delay, session.signal);
        if (aborted(session.signal)) throw new Stopped();
      }
    }
  }

  private settle(msg: JsMsg, session: BatchSession, how: (msg: JsMsg) => void): void {
    if (!session.held.isHeld(msg)) return;
    session.held.release(msg);
    try {
      how(msg);
    } catch {
      // The connection is closed: JetStream redelivers after the ack wait, and the inbox or the
      // delivery count decides as if this answer had been given.
    }
  }
}
