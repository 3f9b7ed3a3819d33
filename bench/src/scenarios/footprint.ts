import { spawn } from 'node:child_process';
import { rssBytes } from '../infra/proc-stats';
import { ROOT, sleep } from '../infra/util';
import { median } from '../report/stats';
import type { BenchContext, Figure, FootprintSample, Scenario, ScenarioReport } from './scenario';

export const IDLE_RSS_TARGET_MB = 150;
const MB = 1024 * 1024;
const APPS = ['identity', 'messaging', 'gateway'] as const;

/** RSS of a bare `node` and of `node -r @swc-node/register` (how the apps ran until issue 16), idle: the floor under every app. */
async function baselineRss(): Promise<{ node: number | null; swc: number | null }> {
  const measure = async (args: string[]): Promise<number | null> => {
    const child = spawn(process.execPath, [...args, '-e', 'setInterval(() => {}, 1000)'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    try {
      await sleep(1500);
      return child.pid === undefined ? null : rssBytes(child.pid);
    } finally {
      child.kill('SIGKILL');
    }
  };
  return { node: await measure([]), swc: await measure(['-r', '@swc-node/register']) };
}

const cpuFigure = (
  samples: FootprintSample[] | undefined,
  label: string,
  groups: readonly string[],
): Figure => ({
  label: `${label} (${groups.join(' / ')})`,
  unit: 'µs/req',
  values: groups.map((group) => median((samples ?? []).map((s) => s.cpuMicrosPerRequest[group]))),
});

export const footprintScenario: Scenario = {
  id: 'footprint',
  title: '7. Footprint: memory and CPU per request, per process',
  async run(context: BenchContext): Promise<ScenarioReport> {
    const { footprint, idleRssBytes } = context.shared;
    const figures: Figure[] = APPS.map((app) => {
      const idle = idleRssBytes[app];
      return {
        label: `idle RSS, ${app}`,
        unit: 'MB',
        values: [idle === undefined ? null : idle / MB],
        target: { op: '<=', value: IDLE_RSS_TARGET_MB },
      };
    });
    const saturated = [...(footprint['read/suite'] ?? []), ...(footprint['write/suite'] ?? [])];
    figures.push({
      label: `peak RSS at saturation (${APPS.join(' / ')})`,
      unit: 'MB',
      values: APPS.map((app) => {
        const peaks = saturated.flatMap((s) => (app in s.rssPeakBytes ? [s.rssPeakBytes[app]] : []));
        return peaks.length ? Math.max(...peaks) / MB : null;
      }),
    });
    const baseline = await baselineRss();
    figures.push({
      label: 'idle RSS of a bare node / node -r @swc-node/register',
      unit: 'MB',
      values: [
        baseline.node === null ? null : baseline.node / MB,
        baseline.swc === null ? null : baseline.swc / MB,
      ],
    });
    const suiteGroups = ['gateway', 'messaging', 'identity', 'nats-server', 'postgres', 'load generator'];
    const directGroups = ['direct', 'postgres', 'load generator'];
    if (footprint['read/suite'])
      figures.push(cpuFigure(footprint['read/suite'], 'read, suite: CPU per request', suiteGroups));
    if (footprint['read/direct'])
      figures.push(cpuFigure(footprint['read/direct'], 'read, direct: CPU per request', directGroups));
    if (footprint['write/suite'])
      figures.push(cpuFigure(footprint['write/suite'], 'write, suite: CPU per request', suiteGroups));
    if (footprint['write/direct'])
      figures.push(cpuFigure(footprint['write/direct'], 'write, direct: CPU per request', directGroups));
    return {
      id: this.id,
      title: this.title,
      status: 'ok',
      figures,
      details: { idleRssBytes, baselineRssBytes: baseline, samples: footprint },
    };
  },
};
