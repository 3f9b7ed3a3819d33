import type { Registry } from 'prom-client';

/** What `metricValue` reads: anything holding a Prometheus registry (libs/platform's `Metrics`). */
export interface HasMetricRegistry {
  registry: Registry;
}

/**
 * The current value of a counter or gauge for the given labels, summed over every series that
 * matches them (0 when never set).
 */
export async function metricValue(
  metrics: HasMetricRegistry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label))
    .reduce((sum, value) => sum + value.value, 0);
}
