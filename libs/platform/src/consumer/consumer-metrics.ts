import type { Counter, Gauge, Histogram } from 'prom-client';
import type { Metrics } from '../ops/metrics';

/** What became of one delivered event. */
export type ConsumerOutcome = 'ok' | 'duplicate' | 'retry' | 'dead_letter' | 'dead_letter_failed';
/** Why an event was given up on: no delivery of it could ever succeed, or its handler kept failing. */
export type DeadLetterReason = 'unparseable' | 'invalid_data' | 'handler_error';

type ConsumerLabel = 'consumer';

/**
 * A consumer's metrics, labelled `consumer`: events handled by outcome and their handler time,
 * dead letters by reason, redeliveries received, in-place retries on infrastructure failures,
 * restarts, batches, inbox rows purged, and the durable consumer's pending and ack-pending counts
 * (sampled from JetStream: pending is the lag, in events).
 */
export class ConsumerMetrics {
  private readonly handled: Counter<ConsumerLabel | 'outcome'>;
  private readonly duration: Histogram<ConsumerLabel | 'outcome'>;
  private readonly deadLetters: Counter<ConsumerLabel | 'reason'>;
  private readonly redeliveries: Counter<ConsumerLabel>;
  private readonly infrastructureRetries: Counter<ConsumerLabel>;
  private readonly restarts: Counter<ConsumerLabel>;
  private readonly batches: Counter<ConsumerLabel | 'outcome'>;
  private readonly purged: Counter<ConsumerLabel>;
  private readonly pending: Gauge<ConsumerLabel>;
  private readonly ackPending: Gauge<ConsumerLabel>;
  private readonly labels: Record<ConsumerLabel, string>;

  constructor(metrics: Metrics, consumer: string) {
    this.labels = { consumer };
    const byOutcome: Array<ConsumerLabel | 'outcome'> = ['consumer', 'outcome'];
    this.handled = metrics.counter('vv_consumer_handled_total', 'Events handled, by outcome', byOutcome);
    this.duration = metrics.histogram(
      'vv_consumer_handler_duration_seconds',
      "Time in an event's handler (its share of its batch's), by outcome",
      byOutcome,
    );
    this.deadLetters = metrics.counter('vv_consumer_dead_letters_total', 'Events given up on, by reason', [
      'consumer',
      'reason',
    ]);
    this.redeliveries = metrics.counter(
      'vv_consumer_redeliveries_total',
      'Messages received again (a retry, a missed ack)',
      ['consumer'],
    );
    this.infrastructureRetries = metrics.counter(
      'vv_consumer_infrastructure_retries_total',
      'Retries in place while the database or NATS was unavailable (no delivery spent)',
      ['consumer'],
    );
    this.restarts = metrics.counter(
      'vv_consumer_restarts_total',
      'Times the consumer started over (message iterator ended, durable consumer or stream gone)',
      ['consumer'],
    );
    this.batches = metrics.counter(
      'vv_consumer_batches_total',
      'Batches committed in one transaction, or applied event by event after the batch failed',
      byOutcome,
    );
    this.purged = metrics.counter('vv_consumer_inbox_purged_total', 'Inbox rows purged', ['consumer']);
    this.pending = metrics.gauge('vv_consumer_pending', 'Events in the stream not yet delivered (lag)', [
      'consumer',
    ]);
    this.ackPending = metrics.gauge('vv_consumer_ack_pending', 'Events delivered and not yet acked', [
      'consumer',
    ]);
  }

  handledOne(outcome: ConsumerOutcome, seconds: number): void {
    const labels = { ...this.labels, outcome };
    this.handled.inc(labels);
    this.duration.observe(labels, seconds);
  }

  deadLettered(reason: DeadLetterReason): void {
    this.deadLetters.inc({ ...this.labels, reason });
  }

  redelivered(): void {
    this.redeliveries.inc(this.labels);
  }

  retriedInPlace(): void {
    this.infrastructureRetries.inc(this.labels);
  }

  restarted(): void {
    this.restarts.inc(this.labels);
  }

  batch(outcome: 'committed' | 'fallback'): void {
    this.batches.inc({ ...this.labels, outcome });
  }

  inboxPurged(rows: number): void {
    this.purged.inc(this.labels, rows);
  }

  sampled(pending: number, ackPending: number): void {
    this.pending.set(this.labels, pending);
    this.ackPending.set(this.labels, ackPending);
  }
}
