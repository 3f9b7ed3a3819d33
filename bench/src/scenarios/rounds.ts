import { cpuWindow, rssPeaks } from '../infra/proc-stats';
import { say, sleep } from '../infra/util';
import { median } from '../report/stats';
import type { BenchContext, FootprintSample } from './scenario';

export interface Arm<R> {
  name: string;
  run(seconds: number, phase: 'warm-up' | number): Promise<R>;
}

export interface RoundPlan {
  warmupSec: number;
  roundSec: number;
  rounds: number;
  /** Runs between two arms (e.g. let the outbox drain), so one arm's leftovers do not land on the next. */
  between?: () => Promise<void>;
}

/**
 * Warm-up (each arm once), then `rounds` rounds of every arm in turn — A B C A B C … — so drift
 * over the run (caches, autovacuum, a neighbour's load) falls on every arm alike.
 */
export async function interleave<R>(
  label: string,
  arms: readonly Arm<R>[],
  plan: RoundPlan,
): Promise<Partial<Record<string, R[]>>> {
  const results: Record<string, R[]> = Object.fromEntries(arms.map((arm) => [arm.name, []]));
  if (plan.warmupSec > 0) {
    say(`${label}: warm-up (${arms.map((arm) => arm.name).join(', ')}, ${plan.warmupSec} s each)`);
    for (const arm of arms) {
      await arm.run(plan.warmupSec, 'warm-up');
      await settle(plan);
    }
  }
  for (let round = 1; round <= plan.rounds; round++) {
    say(
      `${label}: round ${round}/${plan.rounds} (${arms.map((arm) => arm.name).join(' ')}, ${plan.roundSec} s each)`,
    );
    for (const arm of arms) {
      results[arm.name].push(await arm.run(plan.roundSec, round));
      await settle(plan);
    }
  }
  return results;
}

async function settle(plan: RoundPlan): Promise<void> {
  await plan.between?.();
  await sleep(150);
}

/** The median over rounds of one figure of an arm's results. */
export const medianOf = <R>(
  results: readonly R[] | undefined,
  pick: (result: R) => number | null | undefined,
): number | null => median((results ?? []).map(pick));

/** Runs `work` while measuring CPU per process group and peak RSS per app; `requests` divides the CPU. */
export async function withFootprint<R>(
  context: BenchContext,
  work: () => Promise<R>,
  requests: (result: R) => number,
): Promise<{ result: R; footprint: FootprintSample }> {
  const cpu = await cpuWindow(context.groups);
  const rss = rssPeaks(context.apps);
  const result = await work();
  const used = await cpu.stop();
  const rssPeakBytes = rss.stop();
  const count = Math.max(1, requests(result));
  const cpuMicrosPerRequest = Object.fromEntries(
    Object.entries(used).map(([name, micros]) => [name, micros / count]),
  );
  return { result, footprint: { cpuMicrosPerRequest, rssPeakBytes, requests: count } };
}
