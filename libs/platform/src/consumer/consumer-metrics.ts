import type { Counter, Histogram } from 'prom-client';
import type { Metrics } from '../ops/metrics';

export type ConsumerOutcome = 'ok' | 'duplicate' | 'retry' | 'dead_letter' | 'dead_letter_failed';

/** `vv_consumer_handled_total`, `vv_consumer_handler_duration_seconds` and `vv_consumer_dead_letters_total`. */
export class ConsumerMetrics {
  private readonly handled: Counter<'consumer' | 'outcome'>;
  private readonly duration: Histogram<'consumer' | 'outcome'>;
  private readonly deadLetters: Counter<'consumer'>;

  constructor(
    metrics: Metrics,
    private readonly consumer: string,
  ) {
    const labels: Array<'consumer' | 'outcome'> = ['consumer', 'outcome'];
    this.handled = metrics.counter('vv_consumer_handled_total', 'Events handled, by outcome', labels);
    this.duration = metrics.histogram(
      'vv_consumer_handler_duration_seconds',
      'Time to handle an event',
      labels,
    );
    this.deadLetters = metrics.counter('vv_consumer_dead_letters_total', 'Events given up on', ['consumer']);
  }

  handledOne(outcome: ConsumerOutcome, seconds: number): void {
    const labels = { consumer: this.consumer, outcome };
    this.handled.inc(labels);
    this.duration.observe(labels, seconds);
    if (outcome === 'dead_letter') this.deadLetters.inc({ consumer: this.consumer });
  }
}
