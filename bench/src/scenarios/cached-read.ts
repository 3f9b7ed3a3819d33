import { PORTS, restartMessaging } from '../infra/suite';
import { ratio } from '../report/stats';
import { saturationArm, type Throughput } from './arms';
import { readTargets } from './read';
import { interleave, medianOf } from './rounds';
import type { Scenario, ScenarioReport } from './scenario';

export const CACHED_READ_TARGET = 1.0;

/** The hits and misses messaging's read cache counted so far (its /metrics). */
async function cacheCounts(): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(`http://127.0.0.1:${PORTS.messaging}/metrics`)).text();
  const value = (name: string): number =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { hits: value('vv_read_cache_hits_total'), misses: value('vv_read_cache_misses_total') };
}

/**
 * Scenario 1's read with messaging's read cache on (in process): the suite's request is the same
 * topic's first page, answered after the caller's access check from the cached page. Messaging is
 * restarted with the cache for this scenario and restarted without it afterwards, so every other
 * scenario measures reads that reach PostgreSQL.
 */
export const cachedReadScenario: Scenario = {
  id: 'cached',
  title: '1b. Cached read: the same page from the read cache',
  async run(context): Promise<ScenarioReport> {
    const targets = readTargets(context, context.fixture.readTopicId);
    const restart = async (cached: boolean): Promise<void> => {
      const { pid } = await restartMessaging(context.environment, context.suite, cached);
      context.apps = context.apps.map((app) => (app.name === 'messaging' ? { name: app.name, pid } : app));
    };
    await restart(true);
    try {
      const before = await cacheCounts();
      const saturation = await interleave(
        'cached read saturation',
        [
          saturationArm(context, 'direct', targets.direct, 'cached/direct'),
          saturationArm(context, 'suite', targets.suite, 'cached/suite'),
        ],
        context.profile,
      );
      const after = await cacheCounts();
      const rps = (arm: string): number | null => medianOf(saturation[arm], (t: Throughput) => t.rps);
      const hits = after.hits - before.hits;
      const misses = after.misses - before.misses;
      return {
        id: this.id,
        title: this.title,
        status: 'ok',
        figures: [
          {
            label: 'req/s at saturation (direct / suite, cached)',
            unit: 'req/s',
            values: [rps('direct'), rps('suite')],
          },
          {
            label: 'p50 / p99 at saturation, suite (cached)',
            unit: 'ms',
            values: [medianOf(saturation.suite, (t) => t.p50Ms), medianOf(saturation.suite, (t) => t.p99Ms)],
          },
          {
            label: 'read cache hits of all reads',
            unit: 'share',
            values: [hits + misses ? hits / (hits + misses) : null],
          },
          {
            label: 'cached suite/direct (req/s)',
            unit: 'ratio',
            values: [ratio(rps('suite'), rps('direct'))],
            target: { op: '>=', value: CACHED_READ_TARGET },
          },
        ],
        details: { saturation, cache: { hits, misses } },
      };
    } finally {
      await restart(false);
    }
  },
};
