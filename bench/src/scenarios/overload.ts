import { GatewayClient, joinVillage, mapLimit, signUp } from '../infra/api';
import { say } from '../infra/util';
import { PAGE_SIZE } from '../data/sql';
import type { FixedRateResult } from '../load/protocol';
import { median, ratio, summarize } from '../report/stats';
import { saturationArm } from './arms';
import { readTargets } from './read';
import type { Scenario, ScenarioReport } from './scenario';

export const GOODPUT_TARGET = 0.9;

/** The default per-IP limit is 600/min (10/s): every simulated client stays below it. */
const PER_CLIENT_RATE = 8;
/** The default per-user limit is 1200/min (20/s): two client addresses per user stay below it. */
const CLIENTS_PER_USER = 2;
const FAST_MS = 100;

export const overloadScenario: Scenario = {
  id: 'overload',
  title: '6. Overload: 2× the suite saturation, default rate limits',
  async run(context): Promise<ScenarioReport> {
    const gatewayUrl = context.suite.limitedGatewayUrl;
    if (!gatewayUrl) throw new Error('the limited gateway was not started');
    const { fixture, profile } = context;
    const path = `/v1/topics/${fixture.readTopicId}/posts?limit=${PAGE_SIZE}`;

    let peak = context.shared.readSaturation?.suite ?? null;
    if (peak === null) {
      peak = (
        await saturationArm(context, 'suite', readTargets(context, fixture.readTopicId).suite).run(
          profile.roundSec,
          1,
        )
      ).rps;
    }
    const offered = 2 * peak;
    const clients = Math.ceil(offered / PER_CLIENT_RATE);
    const userCount = Math.ceil(clients / CLIENTS_PER_USER);
    say(`overload: ${userCount} users, ${clients} client addresses, ${Math.round(offered)} req/s offered`);
    const setupApi = new GatewayClient(context.suite.gatewayUrl);
    const users = await mapLimit(
      Array.from({ length: userCount }, (_, i) => i),
      4,
      async (i) => {
        const user = await signUp(setupApi, `Bench Client ${i}`);
        await joinVillage(setupApi, user, fixture.villageId);
        return user;
      },
    );
    const headerSets = Array.from({ length: clients }, (_, i) => ({
      authorization: `Bearer ${users[Math.floor(i / CLIENTS_PER_USER)].accessToken}`,
      'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    }));

    // The idle latency of one request, which recovery must come back to.
    const probeHeaders = {
      authorization: `Bearer ${fixture.owner.accessToken}`,
      'x-forwarded-for': '10.255.255.254',
    };
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const response = await fetch(`${gatewayUrl}${path}`, { headers: probeHeaders });
      await response.text();
      idle.push(performance.now() - started);
    }
    const idleP50 = summarize(idle).p50 ?? 10;
    const recoveredWithinMs = Math.max(3 * idleP50, idleP50 + 20);

    // A warm-up at the same load, as every other scenario has one per arm: this gateway has served
    // nothing yet (cold code, empty token cache, its limit at the ceiling where it starts).
    const load = {
      kind: 'fixed-rate',
      url: `${gatewayUrl}${path}`,
      method: 'GET',
      headerSets,
      rate: offered,
      // A socket per request in flight: the offered load reaches the gateway whatever it does with it.
      connections: Math.min(10_000, Math.ceil(offered * 10)),
      timeoutMs: 10_000,
    } as const;
    say(`overload: warm-up, ${profile.warmupSec} s at ${Math.round(offered)} req/s (not measured)`);
    await context.loader.run({ ...load, durationSec: profile.warmupSec });

    const rounds: FixedRateResult[] = [];
    const runs = profile.mode === 'quick' ? 1 : profile.rounds;
    for (let round = 1; round <= runs; round++) {
      say(`overload: run ${round}/${runs}, ${profile.overloadSec} s at ${Math.round(offered)} req/s`);
      rounds.push(
        await context.loader.run({
          ...load,
          durationSec: profile.overloadSec,
          fastRefusal: { statuses: [429, 503], withinMs: FAST_MS },
          recoveryProbe: {
            headers: probeHeaders,
            withinMs: recoveredWithinMs,
            intervalMs: 100,
            maxSec: profile.recoveryMaxSec,
          },
        }),
      );
    }
    const med = (pick: (r: FixedRateResult) => number | null | undefined): number | null =>
      median(rounds.map(pick));
    const goodput = med((r) => r.goodput);
    const share = (pick: (r: FixedRateResult) => number): number | null => med((r) => pick(r) / r.scheduled);
    return {
      id: this.id,
      title: this.title,
      status: 'ok',
      figures: [
        {
          label: 'offered / peak (suite saturation) / goodput',
          unit: 'req/s',
          values: [offered, peak, goodput],
        },
        {
          label: 'goodput / peak',
          unit: 'ratio',
          values: [ratio(goodput, peak)],
          target: { op: '>=', value: GOODPUT_TARGET },
        },
        {
          label: `answered 429/503 within ${FAST_MS} ms (share of offered)`,
          unit: 'share',
          values: [share((r) => r.fastRefusals)],
        },
        {
          label: 'neither 2xx nor a fast refusal: slow errors, 504s, 10 s timeouts (share of offered)',
          unit: 'share',
          values: [share((r) => r.scheduled - r.ok - r.fastRefusals)],
        },
        { label: 'p99 of the 2xx answers', unit: 'ms', values: [med((r) => r.okLatency.p99)] },
        {
          label: `recovery after the load stops: first 2xx ≤ ${Math.round(recoveredWithinMs)} ms (– = not within ${profile.recoveryMaxSec} s)`,
          unit: 's',
          values: [med((r) => r.recoverySec ?? null)],
        },
      ],
      details: { offered, peak, clients, users: userCount, idleP50, recoveredWithinMs, rounds },
    };
  },
};
