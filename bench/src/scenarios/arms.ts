import { runPgbench } from '../load/pgbench';
import type { FixedRateResult } from '../load/protocol';
import type { Arm } from './rounds';
import { withFootprint } from './rounds';
import type { BenchContext, FootprintSample } from './scenario';

/** What every saturation arm reports, whatever drives it. */
export interface Throughput {
  rps: number;
  p50Ms: number | null;
  p99Ms: number | null;
  failed: number;
  statuses?: Record<string, number>;
}

/** What every fixed-rate arm reports. */
export interface FixedRate {
  p50Ms: number | null;
  p99Ms: number | null;
  /** Answers (ok) per second actually achieved. */
  achieved: number;
  failed: number;
  /** `[id, epoch ms]` of each 2xx answer, when the arm collects them. */
  answered?: [string, number][];
  /** Share of the requests answered 2xx in time. */
  okShare: number;
}

export interface HttpTarget {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/** Closed-loop saturation through the load generator; the footprint is kept under `footprintKey` for rounds. */
export function saturationArm(
  context: BenchContext,
  name: string,
  target: HttpTarget,
  footprintKey?: string,
): Arm<Throughput> {
  return {
    name,
    async run(seconds, phase) {
      const { result, footprint } = await withFootprint(
        context,
        () =>
          context.loader.run({
            kind: 'saturation',
            ...target,
            connections: context.profile.connections,
            durationSec: seconds,
          }),
        (r) => r.ok,
      );
      if (footprintKey && phase !== 'warm-up') keepFootprint(context, footprintKey, footprint);
      return {
        rps: result.rps,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        failed: result.failed,
        statuses: result.statuses,
      };
    },
  };
}

export function keepFootprint(context: BenchContext, key: string, sample: FootprintSample): void {
  (context.shared.footprint[key] ??= []).push(sample);
}

/** pgbench with the service's statement, as many clients as the service's pool has connections. */
export function pgbenchArm(
  context: BenchContext,
  name: string,
  script: string,
  variables: Record<string, string>,
): Arm<Throughput> {
  const pgbench = context.environment.pgbench;
  if (!('path' in pgbench)) throw new Error(pgbench.missing);
  return {
    name,
    async run(seconds) {
      const result = await runPgbench({
        name,
        pgbench: pgbench.path,
        databaseUrl: context.environment.databaseUrl,
        script,
        variables,
        clients: context.suite.poolSize,
        durationSec: seconds,
      });
      return { rps: result.tps, p50Ms: result.latency.p50, p99Ms: result.latency.p99, failed: result.failed };
    },
  };
}

/** Open-loop load at `rate` through the load generator (latency from each request's due time). */
export function fixedRateArm(
  context: BenchContext,
  name: string,
  target: HttpTarget,
  rate: number,
  options: { collectIds?: boolean; timeoutMs?: number } = {},
): Arm<FixedRate> {
  return {
    name,
    async run(seconds) {
      const result: FixedRateResult = await context.loader.run({
        kind: 'fixed-rate',
        url: target.url,
        method: target.method,
        headerSets: [target.headers],
        body: target.body,
        rate,
        durationSec: seconds,
        connections: Math.max(context.profile.connections, 64),
        timeoutMs: options.timeoutMs ?? 10_000,
        collectIds: options.collectIds,
      });
      return {
        p50Ms: result.okLatency.p50,
        p99Ms: result.okLatency.p99,
        achieved: result.goodput,
        failed: result.scheduled - result.ok,
        okShare: result.ok / result.scheduled,
        answered: result.answered,
      };
    },
  };
}

/** pgbench -R: the same fixed rate against the database, latency from each transaction's schedule. */
export function pgbenchFixedRateArm(
  context: BenchContext,
  name: string,
  script: string,
  variables: Record<string, string>,
  rate: number,
): Arm<FixedRate> {
  const pgbench = context.environment.pgbench;
  if (!('path' in pgbench)) throw new Error(pgbench.missing);
  return {
    name,
    async run(seconds) {
      const result = await runPgbench({
        name: `${name}-rate`,
        pgbench: pgbench.path,
        databaseUrl: context.environment.databaseUrl,
        script,
        variables,
        clients: context.suite.poolSize,
        durationSec: seconds,
        rate,
      });
      return {
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        achieved: result.transactions / result.durationSec,
        failed: result.failed,
        okShare: result.transactions / Math.max(1, result.transactions + result.failed),
      };
    },
  };
}
