import { connect, type NatsConnection } from '@nats-io/transport-node';
import { serviceStreamName } from '@vv/contracts';
import { lagBounds, lastSequence, storedEvents } from '../data/event-lag';
import { clearTopicPosts } from '../data/fixture';
import { PGBENCH_CREATE_SCRIPT, WRITE_BODY } from '../data/sql';
import { runPgbench } from '../load/pgbench';
import { say, secondsSince, sleep } from '../infra/util';
import { summarize, median, type LatencySummary } from '../report/stats';
import {
  fixedRateArm,
  pgbenchArm,
  pgbenchFixedRateArm,
  saturationArm,
  type FixedRate,
  type HttpTarget,
  type Throughput,
} from './arms';
import { throughputFigures } from './read';
import { interleave, type Arm } from './rounds';
import type { BenchContext, Figure, Scenario, ScenarioReport } from './scenario';

export const LAG_TARGET_MS = 50;

async function pendingOutbox(context: BenchContext): Promise<number> {
  const { rows } = await context.db.query<{ n: string }>('select messaging.count_pending_outbox() as n');
  return Number(rows[0].n);
}

/** Waits until the relay has published everything; the seconds it took, or null past `maxSec`. */
async function waitDrained(context: BenchContext, maxSec: number): Promise<number | null> {
  const started = performance.now();
  while ((performance.now() - started) / 1000 < maxSec) {
    if ((await pendingOutbox(context)) === 0) return (performance.now() - started) / 1000;
    await sleep(50);
  }
  return null;
}

interface LagRounds {
  fromInsert: LatencySummary[];
  fromAnswer: LatencySummary[];
}

/** Wraps an arm: the commit → JetStream lags of the events its run wrote are collected per round. */
function withLags<R>(
  arm: Arm<R>,
  lag: { nc: NatsConnection; stream: string; context: BenchContext; into: LagRounds },
  answeredOf: (result: R) => readonly [string, number][] | undefined = () => undefined,
): Arm<R> {
  return {
    name: arm.name,
    async run(seconds, phase) {
      const before = await lastSequence(lag.nc, lag.stream);
      const result = await arm.run(seconds, phase);
      await waitDrained(lag.context, 120);
      const after = await lastSequence(lag.nc, lag.stream);
      if (phase !== 'warm-up') {
        const bounds = lagBounds(await storedEvents(lag.nc, lag.stream, before, after), answeredOf(result));
        lag.into.fromInsert.push(summarize(bounds.fromInsert));
        if (bounds.fromAnswer.length) lag.into.fromAnswer.push(summarize(bounds.fromAnswer));
      }
      return result;
    },
  };
}

/** The fixed-rate rounds without the per-answer ids (kept only to compute the lag). */
const withoutAnswers = (fixed: Partial<Record<string, FixedRate[]>>): Partial<Record<string, FixedRate[]>> =>
  Object.fromEntries(
    Object.entries(fixed).map(([arm, rounds]) => [
      arm,
      rounds?.map(({ answered: _answered, ...rest }) => rest),
    ]),
  );

export const writeScenario: Scenario = {
  id: 'write',
  title: '2. Write: create a post (with its outbox event)',
  async run(context): Promise<ScenarioReport> {
    const { profile, fixture, environment } = context;
    const topicId = fixture.writeTopicId;
    const body = JSON.stringify({ body: WRITE_BODY });
    const direct: HttpTarget = {
      url: `${context.directUrl}/topics/${topicId}/posts`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    };
    const suite: HttpTarget = {
      url: `${context.suite.gatewayUrl}/v1/topics/${topicId}/posts`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.owner.accessToken}` },
      body,
    };
    const variables = {
      topic_id: topicId,
      actor_id: fixture.owner.userId,
      body: WRITE_BODY,
      allow_locked: 'false',
    };
    const withPg = 'path' in environment.pgbench;
    const stream = serviceStreamName(environment.prefix, 'messaging');
    const nc = await connect({ servers: environment.natsUrl, name: 'bench-write-lag' });
    try {
      const saturationLags: LagRounds = { fromInsert: [], fromAnswer: [] };
      const fixedLags: LagRounds = { fromInsert: [], fromAnswer: [] };
      const between = async (): Promise<void> => {
        await waitDrained(context, 120);
      };

      const arms: Arm<Throughput>[] = [];
      if (withPg) arms.push(pgbenchArm(context, 'pg', PGBENCH_CREATE_SCRIPT, variables));
      arms.push(
        saturationArm(context, 'direct', direct, 'write/direct'),
        withLags(saturationArm(context, 'suite', suite, 'write/suite'), {
          nc,
          stream,
          context,
          into: saturationLags,
        }),
      );
      const saturation = await interleave('write saturation', arms, { ...profile, between });
      const directRps = median((saturation.direct ?? []).map((t) => t.rps));

      let fixed: Partial<Record<string, FixedRate[]>> = {};
      const rate = directRps === null ? null : directRps / 2;
      if (rate !== null && rate > 0) {
        const fixedArms: Arm<FixedRate>[] = [];
        if (withPg)
          fixedArms.push(pgbenchFixedRateArm(context, 'pg', PGBENCH_CREATE_SCRIPT, variables, rate));
        fixedArms.push(
          fixedRateArm(context, 'direct', direct, rate),
          fixedRateArm(context, 'suite', suite, rate),
        );
        fixed = await interleave(`write at ${Math.round(rate)} req/s`, fixedArms, {
          warmupSec: 0,
          roundSec: profile.fixedRateSec,
          rounds: profile.fixedRateRounds,
          between,
        });
      }

      // The lag under a steady load the suite carries: half its own write saturation.
      const suiteRps = median((saturation.suite ?? []).map((t) => t.rps));
      const lagRate = suiteRps === null ? null : suiteRps / 2;
      if (lagRate !== null && lagRate > 0) {
        await interleave(
          `write lag at ${Math.round(lagRate)} req/s`,
          [
            withLags(
              fixedRateArm(context, 'suite', suite, lagRate, { collectIds: true }),
              { nc, stream, context, into: fixedLags },
              (result) => result.answered,
            ),
          ],
          { warmupSec: 0, roundSec: profile.fixedRateSec, rounds: profile.fixedRateRounds, between },
        );
      }

      const figures: Figure[] = throughputFigures(saturation, fixed, rate);
      const p = (rounds: LatencySummary[], pick: (l: LatencySummary) => number | null): number | null =>
        median(rounds.map(pick));
      figures.push({
        label: 'commit → JetStream at saturation, suite, from the outbox insert (p50 / p99)',
        unit: 'ms',
        values: [p(saturationLags.fromInsert, (l) => l.p50), p(saturationLags.fromInsert, (l) => l.p99)],
      });
      if (fixedLags.fromInsert.length) {
        const at = `at ${Math.round(lagRate ?? 0)} req/s (50% of suite saturation)`;
        figures.push(
          {
            label: `commit → JetStream ${at}, p50 (from the insert / from the 2xx answer)`,
            unit: 'ms',
            values: [p(fixedLags.fromInsert, (l) => l.p50), p(fixedLags.fromAnswer, (l) => l.p50)],
          },
          {
            label: `commit → JetStream ${at}, p99 upper bound (from the outbox insert)`,
            unit: 'ms',
            values: [p(fixedLags.fromInsert, (l) => l.p99)],
            target: { op: '<=', value: LAG_TARGET_MS },
          },
          {
            label: `commit → JetStream ${at}, p99 lower bound (from the client's 2xx answer)`,
            unit: 'ms',
            values: [p(fixedLags.fromAnswer, (l) => l.p99)],
            target: { op: '<=', value: LAG_TARGET_MS },
          },
        );
      }

      let burst: Record<string, number | null> | undefined;
      if (withPg && 'path' in environment.pgbench) {
        await waitDrained(context, 120);
        say(
          `write: a ${profile.burstSec} s burst at the database's write limit (pgbench), then the relay's drain`,
        );
        const before = await lastSequence(nc, stream);
        const result = await runPgbench({
          name: 'write-burst',
          pgbench: environment.pgbench.path,
          databaseUrl: environment.databaseUrl,
          script: PGBENCH_CREATE_SCRIPT,
          variables,
          clients: context.suite.poolSize,
          durationSec: profile.burstSec,
        });
        const backlog = await pendingOutbox(context);
        const drainSec = await waitDrained(context, 600);
        const after = await lastSequence(nc, stream);
        const published = after - before;
        burst = {
          writes: result.transactions,
          writesPerSec: result.tps,
          backlogAtEnd: backlog,
          drainSec,
          relayPerSec: published / (profile.burstSec + (drainSec ?? 0)),
        };
        figures.push(
          {
            label: `${profile.burstSec} s burst (pgbench): writes/s, backlog at its end, relay events/s`,
            unit: 'count',
            values: [burst.writesPerSec, burst.backlogAtEnd, burst.relayPerSec],
          },
          { label: `relay drain after the ${profile.burstSec} s burst`, unit: 's', values: [drainSec] },
        );
      }
      return {
        id: this.id,
        title: this.title,
        status: 'ok',
        reason: withPg ? undefined : 'pg arm and burst skipped: pgbench is not installed',
        figures,
        details: {
          saturation,
          fixedRate: { rate, rounds: withoutAnswers(fixed) },
          lag: { atSaturation: saturationLags, rate: lagRate, atFixedRate: fixedLags },
          burst,
        },
      };
    } finally {
      await nc.close();
      const started = performance.now();
      const cleared = await clearTopicPosts(context.db, topicId);
      say(
        `write: deleted its ${cleared.toLocaleString('en')} posts, vacuum analyze (${secondsSince(started).toFixed(1)} s)`,
      );
    }
  },
};
