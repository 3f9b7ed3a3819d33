import { pidsByName, type ProcessGroup } from '../infra/proc-stats';
import type { Child } from '../infra/children';
import type { EchoResult } from '../load/protocol';
import { ratio } from '../report/stats';
import { startServer } from '../servers/start-server';
import { interleave, medianOf, withFootprint, type Arm } from './rounds';
import type { BenchContext, FootprintSample, Scenario, ScenarioReport } from './scenario';

const PAYLOAD_BYTES = 128;

interface EchoRound {
  echo: EchoResult;
  footprint: FootprintSample;
}

function echoArm(context: BenchContext, mode: 'rpc' | 'raw', server: Child): Arm<EchoRound> {
  const groups: ProcessGroup[] = [
    { name: 'client', pids: () => [context.loader.child.pid] },
    { name: 'server', pids: () => [server.pid] },
    { name: 'nats-server', pids: () => pidsByName('nats-server') },
  ];
  return {
    name: mode,
    async run(seconds) {
      const { result, footprint } = await withFootprint(
        { ...context, groups, apps: [] },
        () =>
          context.loader.run({
            kind: 'echo',
            mode,
            natsUrl: context.environment.natsUrl,
            prefix: context.environment.prefix,
            concurrency: context.profile.transportConcurrency,
            durationSec: seconds,
            payloadBytes: PAYLOAD_BYTES,
          }),
        (r) => r.requests,
      );
      return { echo: result, footprint };
    },
  };
}

export const transportScenario: Scenario = {
  id: 'transport',
  title: '3. Transport: echo over NATS, project request client vs raw nc.request',
  async run(context): Promise<ScenarioReport> {
    const config = { natsUrl: context.environment.natsUrl, prefix: context.environment.prefix };
    const [rawServer, rpcServer] = await Promise.all([
      startServer('echo-raw', 'bench/src/servers/echo-server.ts', { ...config, mode: 'raw' }),
      startServer('echo-rpc', 'bench/src/servers/echo-server.ts', { ...config, mode: 'rpc' }),
    ]);
    try {
      const rounds = await interleave(
        'transport',
        [echoArm(context, 'raw', rawServer), echoArm(context, 'rpc', rpcServer)],
        context.profile,
      );
      const rps = (arm: string): number | null => medianOf(rounds[arm], (r) => r.echo.rps);
      const cpu = (arm: string, group?: string): number | null =>
        medianOf(rounds[arm], (r) =>
          group === undefined
            ? Object.values(r.footprint.cpuMicrosPerRequest).reduce((a, b) => a + b, 0)
            : r.footprint.cpuMicrosPerRequest[group],
        );
      const arms = ['raw', 'rpc'];
      return {
        id: this.id,
        title: this.title,
        status: 'ok',
        figures: [
          {
            label: `req/s, ${context.profile.transportConcurrency} in flight (raw / rpc)`,
            unit: 'req/s',
            values: arms.map(rps),
          },
          {
            label: 'p50 / p99 round trip, raw',
            unit: 'ms',
            values: [
              medianOf(rounds.raw, (r) => r.echo.latency.p50),
              medianOf(rounds.raw, (r) => r.echo.latency.p99),
            ],
          },
          {
            label: 'p50 / p99 round trip, rpc',
            unit: 'ms',
            values: [
              medianOf(rounds.rpc, (r) => r.echo.latency.p50),
              medianOf(rounds.rpc, (r) => r.echo.latency.p99),
            ],
          },
          {
            label: 'CPU per request, all processes (raw / rpc)',
            unit: 'µs/req',
            values: arms.map((arm) => cpu(arm)),
          },
          {
            label: 'CPU per request, raw (client / server / nats-server)',
            unit: 'µs/req',
            values: ['client', 'server', 'nats-server'].map((group) => cpu('raw', group)),
          },
          {
            label: 'CPU per request, rpc (client / server / nats-server)',
            unit: 'µs/req',
            values: ['client', 'server', 'nats-server'].map((group) => cpu('rpc', group)),
          },
          { label: 'rpc/raw (req/s)', unit: 'ratio', values: [ratio(rps('rpc'), rps('raw'))] },
        ],
        details: { payloadBytes: PAYLOAD_BYTES, rounds },
      };
    } finally {
      await rawServer.stop();
      await rpcServer.stop();
    }
  },
};
