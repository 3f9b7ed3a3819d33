import { Injectable } from '@nestjs/common';
import { Metrics } from '@vv/platform';
import type { Counter, Gauge } from 'prom-client';

/** Why a socket was closed by the server (the `reason` label of `vv_stream_drops_total`). */
export type DropReason =
  | 'unauthenticated'
  | 'token_expired'
  | 'session_revoked'
  | 'slow_consumer'
  | 'heartbeat'
  | 'too_many'
  | 'load_failed'
  | 'feed_interrupted'
  | 'shutdown';

/** Why an event from the feed went to nobody (the `reason` label of `vv_stream_events_skipped_total`). */
export type SkipReason = 'unknown_type' | 'invalid';

/**
 * The stream's metrics: `vv_stream_connections` (open sockets on this replica),
 * `vv_stream_events_delivered_total{mode}` (live or replay), `vv_stream_drops_total{reason}`,
 * `vv_stream_events_skipped_total{reason}` and `vv_stream_resumes_total{outcome}`.
 */
@Injectable()
export class StreamMetrics {
  private readonly connections: Gauge;
  private readonly delivered: Counter<'mode'>;
  private readonly drops: Counter<'reason'>;
  private readonly skipped: Counter<'reason'>;
  private readonly resumes: Counter<'outcome'>;

  constructor(metrics: Metrics) {
    this.connections = metrics.gauge('vv_stream_connections', 'Open stream sockets on this replica', []);
    this.delivered = metrics.counter('vv_stream_events_delivered_total', 'Events sent on stream sockets', [
      'mode',
    ]);
    this.drops = metrics.counter('vv_stream_drops_total', 'Stream sockets closed by the server', ['reason']);
    this.skipped = metrics.counter(
      'vv_stream_events_skipped_total',
      'Feed events sent to nobody because no rule covers them',
      ['reason'],
    );
    this.resumes = metrics.counter('vv_stream_resumes_total', 'Resume requests, by outcome', ['outcome']);
  }

  opened(): void {
    this.connections.inc();
  }

  closed(): void {
    this.connections.dec();
  }

  deliveredOne(mode: 'live' | 'replay'): void {
    this.delivered.inc({ mode });
  }

  dropped(reason: DropReason): void {
    this.drops.inc({ reason });
  }

  skippedOne(reason: SkipReason): void {
    this.skipped.inc({ reason });
  }

  resumed(outcome: 'resumed' | 'resync'): void {
    this.resumes.inc({ outcome });
  }
}
