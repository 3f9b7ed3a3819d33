import { Gauge, type Counter, type Histogram } from 'prom-client';
import type { Metrics } from '../ops/metrics';

export interface OutboxBacklog {
  pending: number;
  /** Age of the oldest unpublished event; 0 when there is none. */
  oldestSeconds: number;
}

/**
 * The relay's metrics. The backlog gauges are read from the outbox when scraped, so every replica —
 * standbys too — reports it, and a backlog with no active relay to drain it still shows.
 */
export class OutboxMetrics {
  private readonly published: Counter<'outcome'>;
  private readonly lag: Histogram<never>;
  private readonly active: Gauge<never>;

  constructor(metrics: Metrics, backlog: () => Promise<OutboxBacklog>) {
    this.published = metrics.counter('vv_outbox_published_total', 'Outbox events published', ['outcome']);
    this.lag = metrics.histogram('vv_outbox_lag_seconds', 'From the outbox insert to the JetStream ack', []);
    this.active = metrics.gauge(
      'vv_outbox_active_publisher',
      '1 while this replica is the one publishing its service outbox',
      [],
    );
    this.active.set(0);
    // One read of the backlog per scrape serves both gauges.
    let reading: Promise<OutboxBacklog | undefined> | undefined;
    const read = (): Promise<OutboxBacklog | undefined> =>
      (reading ??= backlog()
        .catch(() => undefined) // the database is unreachable: keep the last values
        .finally(() => {
          reading = undefined;
        }));
    const backlogGauge = (name: string, help: string, value: (b: OutboxBacklog) => number): void => {
      if (metrics.registry.getSingleMetric(name)) return;
      const gauge: Gauge<never> = new Gauge({
        name,
        help,
        registers: [metrics.registry],
        collect: async () => {
          const current = await read();
          if (current) gauge.set(value(current));
        },
      });
    };
    backlogGauge('vv_outbox_pending', 'Outbox events not yet published', (b) => b.pending);
    backlogGauge(
      'vv_outbox_oldest_pending_seconds',
      'Age of the oldest outbox event not yet published (0 when none)',
      (b) => b.oldestSeconds,
    );
  }

  leading(active: boolean): void {
    this.active.set(active ? 1 : 0);
  }

  stored(occurredAt: string): void {
    this.published.inc({ outcome: 'ok' });
    this.lag.observe((Date.now() - Date.parse(occurredAt)) / 1000);
  }

  failed(): void {
    this.published.inc({ outcome: 'failed' });
  }
}
