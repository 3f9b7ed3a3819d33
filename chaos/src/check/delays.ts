import { isSteady, windowOf, type Window } from './windows';

/** One event's way into JetStream: written to the outbox (occurredAt) and stored by JetStream. */
export interface PublishDelay {
  occurredMs: number;
  storedMs: number;
}

export interface DelaySummary {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** Events committed this long before a fault still count for it (a killed relay's batch in hand). */
export const LEAD_MS = 2000;
/** Events committed within this after a fault is removed are not steady state. */
export const SETTLE_MS = 10_000;

function percentile(sorted: readonly number[], share: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

export function summarize(values: readonly number[]): DelaySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : null,
  };
}

const delayOf = (event: PublishDelay): number => event.storedMs - event.occurredMs;

/** The longest commit → JetStream delay of the events each fault is answerable for (null: none). */
export function longestPerWindow(
  events: readonly PublishDelay[],
  windows: readonly Window[],
): (number | null)[] {
  const longest: (number | null)[] = windows.map(() => null);
  for (const event of events) {
    const index = windowOf(event.occurredMs, windows, LEAD_MS);
    if (index >= 0) longest[index] = Math.max(longest[index] ?? 0, delayOf(event));
  }
  return longest;
}

/** Commit → JetStream of events committed away from every fault. */
export function steadyDelays(events: readonly PublishDelay[], windows: readonly Window[]): DelaySummary {
  return summarize(
    events.filter((event) => isSteady(event.occurredMs, windows, LEAD_MS, SETTLE_MS)).map(delayOf),
  );
}
