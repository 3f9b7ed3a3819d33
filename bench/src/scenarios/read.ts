import { PAGE_SIZE, PGBENCH_LIST_SCRIPT } from '../data/sql';
import { ratio } from '../report/stats';
import {
  fixedRateArm,
  pgbenchArm,
  pgbenchFixedRateArm,
  saturationArm,
  type FixedRate,
  type HttpTarget,
  type Throughput,
} from './arms';
import { interleave, medianOf, type Arm } from './rounds';
import type { BenchContext, Figure, Scenario, ScenarioReport } from './scenario';

export const READ_TARGETS = { suiteOverDirect: 0.6, directOverPg: 0.73 };

/** The three arms of a read of one topic's newest page: pg, direct, suite. */
export function readTargets(
  context: BenchContext,
  topicId: string,
): { direct: HttpTarget; suite: HttpTarget } {
  return {
    direct: { url: `${context.directUrl}/topics/${topicId}/posts`, method: 'GET', headers: {} },
    suite: {
      url: `${context.suite.gatewayUrl}/v1/topics/${topicId}/posts?limit=${PAGE_SIZE}`,
      method: 'GET',
      headers: { authorization: `Bearer ${context.fixture.owner.accessToken}` },
    },
  };
}

export const pgReadVariables = (context: BenchContext, topicId: string): Record<string, string> => ({
  topic_id: topicId,
  actor_id: context.fixture.owner.userId,
  limit: String(PAGE_SIZE + 1),
});

/** Saturation figures and ratios common to reads and writes. */
export function throughputFigures(
  saturation: Partial<Record<string, Throughput[]>>,
  fixed: Partial<Record<string, FixedRate[]>>,
  rate: number | null,
): Figure[] {
  const arms = ['pg', 'direct', 'suite'];
  const med = (pick: (t: Throughput) => number | null, arm: string): number | null =>
    medianOf(saturation[arm], pick);
  const rps = arms.map((arm) => med((t) => t.rps, arm));
  const figures: Figure[] = [
    { label: 'req/s at saturation (pg / direct / suite)', unit: 'req/s', values: rps },
    {
      label: 'p50 at saturation (pg / direct / suite)',
      unit: 'ms',
      values: arms.map((arm) => med((t) => t.p50Ms, arm)),
    },
    {
      label: 'p99 at saturation (pg / direct / suite)',
      unit: 'ms',
      values: arms.map((arm) => med((t) => t.p99Ms, arm)),
    },
  ];
  if (rate !== null) {
    figures.push(
      {
        label: `p99 at a fixed ${Math.round(rate)} req/s = 50% of direct (pg / direct / suite)`,
        unit: 'ms',
        values: arms.map((arm) => medianOf(fixed[arm], (f) => f.p99Ms)),
      },
      {
        label: `achieved of ${Math.round(rate)} req/s offered (pg / direct / suite)`,
        unit: 'req/s',
        values: arms.map((arm) => medianOf(fixed[arm], (f) => f.achieved)),
      },
    );
  }
  figures.push(
    {
      label: 'direct/pg (req/s)',
      unit: 'ratio',
      values: [ratio(rps[1], rps[0])],
      target: { op: '>=', value: READ_TARGETS.directOverPg },
    },
    {
      label: 'suite/direct (req/s)',
      unit: 'ratio',
      values: [ratio(rps[2], rps[1])],
      target: { op: '>=', value: READ_TARGETS.suiteOverDirect },
    },
  );
  return figures;
}

export const readScenario: Scenario = {
  id: 'read',
  title: '1. Read: the newest 50 posts of a topic',
  async run(context): Promise<ScenarioReport> {
    const { profile, fixture } = context;
    const topicId = fixture.readTopicId;
    const targets = readTargets(context, topicId);
    const withPg = 'path' in context.environment.pgbench;
    const variables = pgReadVariables(context, topicId);

    const arms: Arm<Throughput>[] = [];
    if (withPg) arms.push(pgbenchArm(context, 'pg', PGBENCH_LIST_SCRIPT, variables));
    arms.push(
      saturationArm(context, 'direct', targets.direct, 'read/direct'),
      saturationArm(context, 'suite', targets.suite, 'read/suite'),
    );
    const saturation = await interleave('read saturation', arms, profile);
    const directRps = medianOf(saturation.direct, (t) => t.rps);
    context.shared.readSaturation = { direct: directRps, suite: medianOf(saturation.suite, (t) => t.rps) };

    let fixed: Partial<Record<string, FixedRate[]>> = {};
    const rate = directRps === null ? null : directRps / 2;
    if (rate !== null && rate > 0) {
      const fixedArms: Arm<FixedRate>[] = [];
      if (withPg) fixedArms.push(pgbenchFixedRateArm(context, 'pg', PGBENCH_LIST_SCRIPT, variables, rate));
      fixedArms.push(
        fixedRateArm(context, 'direct', targets.direct, rate),
        fixedRateArm(context, 'suite', targets.suite, rate),
      );
      fixed = await interleave(`read at ${Math.round(rate)} req/s`, fixedArms, {
        warmupSec: 0,
        roundSec: profile.fixedRateSec,
        rounds: profile.fixedRateRounds,
      });
    }
    return {
      id: this.id,
      title: this.title,
      status: 'ok',
      reason: withPg
        ? undefined
        : `pg arm skipped: ${(context.environment.pgbench as { missing: string }).missing}`,
      figures: throughputFigures(saturation, fixed, rate),
      details: { saturation, fixedRate: { rate, rounds: fixed } },
    };
  },
};
