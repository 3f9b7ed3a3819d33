import { randomUUID } from 'node:crypto';
import { PAGE_SIZE } from '../data/sql';
import { addSeededTopic, postRows } from '../data/fixture';
import { GatewayClient } from '../infra/api';
import { ratio } from '../report/stats';
import { fixedRateArm, saturationArm, type FixedRate } from './arms';
import { readTargets } from './read';
import { interleave, medianOf } from './rounds';
import type { BenchContext, Figure, Scenario, ScenarioReport } from './scenario';

export const SCALE_TARGET = 1.5;
/** The gateway gives up on a service after 5 s (504): waiting longer only lengthens the run. */
const SCALE_TIMEOUT_MS = 6000;

interface PlanNode {
  'Total Cost'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
}

interface Explained {
  Plan: PlanNode;
  'Execution Time'?: number;
  JIT?: { Functions?: number; Timing?: { Total?: number } };
}

/** What one page costs inside PostgreSQL, from EXPLAIN (ANALYZE, BUFFERS). */
export interface PageCost {
  hit: number;
  read: number;
  executionMs: number | null;
  /** The planner's estimate for the generic plan: what PostgreSQL compares with jit_above_cost. */
  estimatedCost: number | null;
  /** Time spent compiling the plan with JIT (0 when the plan's cost is under jit_above_cost). */
  jitMs: number;
  jitFunctions: number;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of list_posts' own statement on the first page, prepared with the
 * parameters as $n and planned generically, as plpgsql plans it once its plan is cached (the
 * method of apps/messaging/test/posts-index.int-spec.ts). Executed once first, as a warm service would.
 */
async function pageCost(context: BenchContext, topicId: string): Promise<PageCost> {
  const client = await context.db.connect();
  try {
    const { rows } = await client.query<{ prosrc: string; args: string }>(
      `select p.prosrc, pg_get_function_identity_arguments(p.oid) as args
         from pg_proc p where p.oid = 'messaging.list_posts'::regproc`,
    );
    const [{ prosrc, args }] = rows;
    const params = args.split(', ').map((arg) => arg.split(' '));
    // list_posts is plpgsql: its statement is the one `return query` runs.
    const query = /return query\s+([\s\S]*?);\s*end;\s*$/i.exec(prosrc);
    if (!query) throw new Error('list_posts has no `return query` statement');
    let body = query[1];
    params.forEach(([name], index) => {
      body = body.replace(new RegExp(`\\b${name}\\b`, 'g'), `$${index + 1}`);
    });
    const types = params.map(([, ...type]) => type.join(' ')).join(', ');
    const name = `bench_list_posts_${randomUUID().replace(/-/g, '')}`;
    const literals = [topicId, context.fixture.owner.userId, String(PAGE_SIZE + 1)]
      .map((value) => `'${value}'`)
      .concat(['null', 'null', 'null'])
      .join(', ');
    await client.query('begin');
    try {
      await client.query('set local search_path = pg_catalog, pg_temp');
      await client.query('set local plan_cache_mode = force_generic_plan');
      await client.query(`prepare ${name} (${types}) as ${body}`);
      await client.query(`execute ${name}(${literals})`);
      const result = await client.query<{ 'QUERY PLAN': [Explained] }>(
        `explain (analyze, buffers, format json) execute ${name}(${literals})`,
      );
      await client.query(`deallocate ${name}`);
      const explained = result.rows[0]['QUERY PLAN'][0];
      return {
        hit: explained.Plan['Shared Hit Blocks'] ?? 0,
        read: explained.Plan['Shared Read Blocks'] ?? 0,
        executionMs: explained['Execution Time'] ?? null,
        estimatedCost: explained.Plan['Total Cost'] ?? null,
        jitMs: explained.JIT?.Timing?.Total ?? 0,
        jitFunctions: explained.JIT?.Functions ?? 0,
      };
    } finally {
      await client.query('commit');
    }
  } finally {
    client.release();
  }
}

const sizeName = (size: number): string => `10^${Math.round(Math.log10(size))}`;

interface Step {
  size: number;
  /** Rows of messaging.posts at this step (every topic's, the write scenario's included). */
  tableRows: number;
  /** The step's own topic (`size` posts) and the smallest topic, read at the same rate, interleaved. */
  own: FixedRate[];
  smallest: FixedRate[];
  ownCost: PageCost;
  smallestCost: PageCost;
}

/**
 * The topics grow step by step — 10^4, 10^5, 10^6 (10^7 with --large) posts — in the one posts
 * table every topic shares, so both what grows with the topic and what grows with the table show:
 * at each step the new topic and the smallest one are read at the same fixed rate, interleaved.
 */
export const scaleScenario: Scenario = {
  id: 'scale',
  title: '4. Scale: the read of scenario 1 on topics of growing size',
  async run(context): Promise<ScenarioReport> {
    const { profile, fixture } = context;
    const api = new GatewayClient(context.suite.gatewayUrl);
    const smallest = fixture.scaleTopics[0];
    let suiteRps = context.shared.readSaturation?.suite ?? null;
    if (suiteRps === null) {
      const probe = await saturationArm(context, 'suite', readTargets(context, smallest.topicId).suite).run(
        profile.roundSec,
        1,
      );
      suiteRps = probe.rps;
    }
    // A quarter of the suite's saturation: the p99 is then what a page costs, not how long a queue is.
    const rate = Math.max(1, suiteRps / 4);
    const steps: Step[] = [];
    for (const size of profile.scaleSizes) {
      const topicId =
        fixture.scaleTopics.find((topic) => topic.size === size)?.topicId ??
        (await addSeededTopic(api, context.db, fixture, size));
      const tableRows = await postRows(context.db);
      const own = fixedRateArm(context, sizeName(size), readTargets(context, topicId).suite, rate, {
        timeoutMs: SCALE_TIMEOUT_MS,
      });
      const arms = [own];
      if (topicId !== smallest.topicId) {
        arms.push(
          fixedRateArm(
            context,
            `${sizeName(smallest.size)} topic`,
            readTargets(context, smallest.topicId).suite,
            rate,
            { timeoutMs: SCALE_TIMEOUT_MS },
          ),
        );
      }
      const rounds = await interleave(`scale ${sizeName(size)} at ${Math.round(rate)} req/s`, arms, {
        warmupSec: profile.scaleWarmupSec,
        roundSec: profile.scaleRoundSec,
        rounds: profile.rounds,
      });
      const ownRounds = rounds[own.name] ?? [];
      steps.push({
        size,
        tableRows,
        own: ownRounds,
        smallest: arms.length > 1 ? (rounds[arms[1].name] ?? []) : ownRounds,
        ownCost: await pageCost(context, topicId),
        smallestCost: await pageCost(context, smallest.topicId),
      });
    }
    const names = steps.map((step) => sizeName(step.size)).join(' / ');
    const rows = steps.map((step) => formatRows(step.tableRows)).join(' / ');
    // When more than 1 % of the requests got no 2xx in time, the p99 of all of them is at least the timeout.
    const p99 = (rounds: FixedRate[]): number | null =>
      medianOf(rounds, (r) => (r.okShare < 0.99 ? SCALE_TIMEOUT_MS : r.p99Ms));
    const first = steps[0];
    const last = steps[steps.length - 1];
    const figures: Figure[] = [
      {
        label: `suite p99 at a fixed ${Math.round(rate)} req/s, topic of ${names} posts (${SCALE_TIMEOUT_MS.toLocaleString('en')}: timed out)`,
        unit: 'ms',
        values: steps.map((s) => p99(s.own)),
      },
      {
        label: `suite p99 of the ${sizeName(first.size)} topic meanwhile, table of ${rows} rows`,
        unit: 'ms',
        values: steps.map((s) => p99(s.smallest)),
      },
      {
        label: `answered 2xx within ${SCALE_TIMEOUT_MS / 1000} s, topic of ${names} posts`,
        unit: 'share',
        values: steps.map((s) => medianOf(s.own, (r) => r.okShare)),
      },
      {
        label: `shared buffers hit per page (${names} posts)`,
        unit: 'buffers',
        values: steps.map((s) => s.ownCost.hit),
      },
      {
        label: `shared buffers read per page (${names} posts)`,
        unit: 'buffers',
        values: steps.map((s) => s.ownCost.read),
      },
      {
        label: `PostgreSQL execution per page (${names} posts)`,
        unit: 'ms',
        values: steps.map((s) => s.ownCost.executionMs),
      },
      {
        label: `planner's estimated cost of the page's generic plan (${names} posts)`,
        unit: 'cost',
        values: steps.map((s) => s.ownCost.estimatedCost),
      },
      {
        label: `JIT compilation within that execution (${names} posts)`,
        unit: 'ms',
        values: steps.map((s) => s.ownCost.jitMs),
      },
      {
        label: `p99(${sizeName(last.size)}) / p99(${sizeName(first.size)} on a table of ${formatRows(first.tableRows)} rows)`,
        unit: 'ratio',
        values: [ratio(p99(last.own), p99(first.own))],
        target: { op: '<=', value: SCALE_TARGET },
      },
    ];
    return { id: this.id, title: this.title, status: 'ok', figures, details: { rate, steps } };
  },
};

const formatRows = (rows: number): string =>
  rows >= 1e6 ? `${(rows / 1e6).toFixed(2)}M` : rows >= 1e3 ? `${Math.round(rows / 1e3)}k` : String(rows);
