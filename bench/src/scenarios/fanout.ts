import { existsSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createTopic, GatewayClient, joinVillage, mapLimit, signUp, type Account } from '../infra/api';
import type { Child } from '../infra/children';
import { ROOT, say, sleep } from '../infra/util';
import { PORTS } from '../infra/suite';
import { textOf } from '../load/fanout';
import type { FanoutResult } from '../load/protocol';
import { ratio } from '../report/stats';
import { startServer } from '../servers/start-server';
import { interleave, medianOf, type Arm } from './rounds';
import { skipped, type BenchContext, type Figure, type Scenario, type ScenarioReport } from './scenario';

export const FANOUT_TARGET = 0.7;
/** Clients per user: the gateway's default STREAM_MAX_CONNECTIONS_PER_USER (the bench's gateway raises it). */
const CLIENTS_PER_USER = 20;
const SETTLE_SEC = 2;
const NOT_LANDED = 'the WebSocket stream (issue 7) has not landed';

const streamUrl = (gatewayUrl: string, token: string): string =>
  `${gatewayUrl.replace(/^http/, 'ws')}/v1/stream?access_token=${encodeURIComponent(token)}`;

/** Null when GET /v1/stream upgrades and says {"type":"ready"}; otherwise why not. */
async function streamMissing(context: BenchContext): Promise<string | null> {
  if (!existsSync(join(ROOT, 'apps', 'gateway', 'src', 'stream')))
    return `${NOT_LANDED} (no apps/gateway/src/stream)`;
  return new Promise((done) => {
    const socket = new WebSocket(streamUrl(context.suite.gatewayUrl, context.fixture.owner.accessToken));
    const finish = (why: string | null): void => {
      clearTimeout(timer);
      socket.terminate();
      done(why);
    };
    const timer = setTimeout(
      () => finish(`${NOT_LANDED} (GET /v1/stream sent no {"type":"ready"} in 5 s)`),
      5000,
    );
    socket.on('message', (raw) => {
      try {
        if ((JSON.parse(textOf(raw)) as { type?: string }).type === 'ready') finish(null);
      } catch {
        // not JSON: keep waiting
      }
    });
    socket.on('unexpected-response', (_request, response) =>
      finish(`${NOT_LANDED} (GET /v1/stream answered ${response.statusCode})`),
    );
    socket.on('error', (error) => finish(`${NOT_LANDED} (${error.message})`));
  });
}

function suiteArm(
  context: BenchContext,
  clients: number,
  users: Account[],
  topicId: string,
): Arm<FanoutResult> {
  const api = new GatewayClient(context.suite.gatewayUrl);
  const posts = context.profile.fanoutPosts;
  return {
    name: 'suite',
    async run() {
      const urls = Array.from({ length: clients }, (_, i) =>
        streamUrl(context.suite.gatewayUrl, users[Math.floor(i / CLIENTS_PER_USER)].accessToken),
      );
      let posting: Promise<void> = Promise.resolve();
      const result = await context.loader.run(
        {
          kind: 'fanout',
          urls,
          readyType: 'ready',
          durationSec: posts,
          expected: posts,
          settleSec: SETTLE_SEC,
        },
        () => {
          posting = (async () => {
            const started = performance.now();
            for (let seq = 0; seq < posts; seq++) {
              await sleep(Math.max(0, started + seq * 1000 - performance.now()));
              await api.call('POST', `/v1/topics/${topicId}/posts`, {
                token: context.fixture.owner.accessToken,
                body: { body: `fanout-${seq}` },
              });
            }
          })();
        },
      );
      await posting;
      return result;
    },
  };
}

function rawArm(context: BenchContext, clients: number, server: Child): Arm<FanoutResult> {
  const posts = context.profile.fanoutPosts;
  return {
    name: 'raw',
    async run() {
      const urls = Array.from({ length: clients }, () => `ws://127.0.0.1:${PORTS.rawWs}/`);
      return context.loader.run(
        { kind: 'fanout', urls, durationSec: posts, expected: posts, settleSec: SETTLE_SEC },
        () => server.process.send({ type: 'broadcast', count: posts, intervalMs: 1000 }),
      );
    },
  };
}

export const fanoutScenario: Scenario = {
  id: 'fanout',
  title: '5. Fan-out: WebSocket clients on one village, 1 post/s',
  async run(context): Promise<ScenarioReport> {
    const missing = await streamMissing(context);
    if (missing) return skipped(this.id, this.title, missing);
    const api = new GatewayClient(context.suite.gatewayUrl);
    const topicId = await createTopic(api, context.fixture.owner, context.fixture.villageId, 'Fan-out');
    const userCount = Math.ceil(Math.max(...context.profile.fanoutClients) / CLIENTS_PER_USER);
    say(`fan-out: signing up ${userCount} listeners (${CLIENTS_PER_USER} sockets each)`);
    const users = await mapLimit(
      Array.from({ length: userCount }, (_, i) => i),
      4,
      async (i) => {
        const user = await signUp(api, `Bench Listener ${i}`);
        await joinVillage(api, user, context.fixture.villageId);
        return user;
      },
    );
    const server = await startServer('raw-ws', 'bench/src/servers/raw-ws-server.ts', { port: PORTS.rawWs });
    try {
      const figures: Figure[] = [];
      const details: Record<string, Partial<Record<string, FanoutResult[]>>> = {};
      for (const clients of context.profile.fanoutClients) {
        const rounds = await interleave(
          `fan-out ${clients} clients`,
          [suiteArm(context, clients, users, topicId), rawArm(context, clients, server)],
          {
            warmupSec: 0,
            roundSec: context.profile.fanoutPosts,
            rounds: context.profile.mode === 'quick' ? 1 : context.profile.rounds,
          },
        );
        details[clients] = rounds;
        const rate = (arm: string): number | null =>
          medianOf(rounds[arm], (r) => r.deliveries / r.durationSec);
        const lost = (arm: string): number | null => medianOf(rounds[arm], (r) => r.lost);
        figures.push(
          {
            label: `${clients} clients: deliveries/s (suite / raw ws)`,
            unit: 'msg/s',
            values: [rate('suite'), rate('raw')],
          },
          {
            label: `${clients} clients: p99 commit → client (suite / raw ws)`,
            unit: 'ms',
            values: [
              medianOf(rounds.suite, (r) => r.latency.p99),
              medianOf(rounds.raw, (r) => r.latency.p99),
            ],
          },
          {
            label: `${clients} clients: suite lost`,
            unit: 'count',
            values: [lost('suite')],
            target: { op: '==', value: 0 },
          },
          {
            label: `${clients} clients: suite out of order`,
            unit: 'count',
            values: [medianOf(rounds.suite, (r) => r.outOfOrder)],
            target: { op: '==', value: 0 },
          },
          {
            label: `${clients} clients: suite/raw (deliveries/s)`,
            unit: 'ratio',
            values: [ratio(rate('suite'), rate('raw'))],
            target: { op: '>=', value: FANOUT_TARGET },
          },
        );
      }
      return { id: this.id, title: this.title, status: 'ok', figures, details };
    } finally {
      await server.stop();
    }
  },
};
