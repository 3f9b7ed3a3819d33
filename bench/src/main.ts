/**
 * `npm run bench [-- --quick] [-- --large] [-- --only=read,write]`: starts what the scenarios need
 * (identity, messaging, the gateway, the direct server, a load generator) on a database and
 * subject prefix of its own, seeds data, runs each scenario's arms interleaved (warm-up, then the
 * median of 3 rounds), prints one table and writes it as JSON to bench/results/. See docs/performance.md.
 */
import { cpus } from 'node:os';
import { Pool } from 'pg';
import { SESSION_OPTIONS } from '@vv/platform';
import { createFixture } from './data/fixture';
import { GatewayClient } from './infra/api';
import { stopAll } from './infra/children';
import { deleteBenchStreams, dropDatabase, recreateDatabase, resolveEnvironment } from './infra/environment';
import { machine, processGroups } from './infra/machine';
import { procAvailable, rssBytes } from './infra/proc-stats';
import { PORTS, startSuite } from './infra/suite';
import { errorMessage, say, sleep } from './infra/util';
import { Loader } from './load/loader-client';
import { writeResults } from './report/results';
import { renderTable } from './report/table';
import { cachedReadScenario } from './scenarios/cached-read';
import { consumeScenario } from './scenarios/consume';
import { fanoutScenario } from './scenarios/fanout';
import { footprintScenario } from './scenarios/footprint';
import { overloadScenario } from './scenarios/overload';
import { profileFor } from './scenarios/profile';
import { readScenario } from './scenarios/read';
import { scaleScenario } from './scenarios/scale';
import { skipped, type BenchContext, type Scenario, type ScenarioReport } from './scenarios/scenario';
import { transportScenario } from './scenarios/transport';
import { writeScenario } from './scenarios/write';
import { startServer } from './servers/start-server';

/** In the order, which the table follows. */
const SCENARIOS: readonly Scenario[] = [
  readScenario,
  cachedReadScenario,
  writeScenario,
  transportScenario,
  scaleScenario,
  fanoutScenario,
  overloadScenario,
  footprintScenario,
  consumeScenario,
];

/**
 * The order they run in: scale grows the posts table (to 10^6 rows and more), so it runs after
 * every scenario that reads or writes posts, which all see the same small table; footprint last,
 * as it reports what the others measured. Consume runs before write: notifications, started for
 * it, would otherwise first work through every post event the write scenario published.
 */
const RUN_ORDER: readonly Scenario[] = [
  readScenario,
  cachedReadScenario,
  consumeScenario,
  writeScenario,
  transportScenario,
  fanoutScenario,
  overloadScenario,
  scaleScenario,
  footprintScenario,
];

const USAGE = `npm run bench [-- options]
  --quick        smoke check: short rounds, topics of 10^4 and 10^5 posts (under 3 minutes)
  --large        also a topic of 10^7 posts in the scale scenario (full runs only)
  --only=a,b     only these scenarios (${SCENARIOS.map((s) => s.id).join(', ')})
  --keep         keep the bench database afterwards (virtual_village_bench)
Environment: DATABASE_URL / NATS_URL pick the servers (their database is not used: the bench
creates virtual_village_bench), BENCH_PORT_BASE moves the ports (default 3900).`;

interface Options {
  quick: boolean;
  large: boolean;
  keep: boolean;
  only: Set<string> | null;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { quick: false, large: false, keep: false, only: null };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg === '--large') options.large = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg.startsWith('--only=')) options.only = new Set(arg.slice('--only='.length).split(','));
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else {
      process.stderr.write(`unknown option ${arg}\n${USAGE}\n`);
      process.exit(2);
    }
  }
  for (const id of options.only ?? []) {
    if (!SCENARIOS.some((scenario) => scenario.id === id)) {
      process.stderr.write(`unknown scenario ${id}\n${USAGE}\n`);
      process.exit(2);
    }
  }
  return options;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const profile = profileFor(options);
  const selected = RUN_ORDER.filter((scenario) => options.only === null || options.only.has(scenario.id));
  const date = new Date().toISOString();
  say(`${profile.mode} run of ${selected.map((s) => s.id).join(', ')} on ${cpus().length} cores`);

  const environment = await resolveEnvironment();
  let db: Pool | undefined;
  let loader: Loader | undefined;
  try {
    say(
      `database ${environment.databaseUrl} (recreated), NATS ${environment.natsUrl}, subject prefix ${environment.prefix}`,
    );
    await recreateDatabase(environment);
    await deleteBenchStreams(environment);
    // The load generator compiles and starts while the suite does.
    const loaderStarting = Loader.start();
    loaderStarting.catch(() => undefined); // awaited below
    const suite = await startSuite(environment, selected.includes(overloadScenario));
    // The services' session settings, so EXPLAIN shows what their statements do.
    db = new Pool({ connectionString: environment.databaseUrl, max: 4, options: SESSION_OPTIONS });
    const hostInfo = await machine(environment, db);

    const readSize = profile.scaleSizes[0];
    say(
      `seeding: the read topic, ${readSize.toLocaleString('en')} posts (the scale scenario adds larger ones)`,
    );
    const fixture = await createFixture(new GatewayClient(suite.gatewayUrl), db, readSize);

    loader = await loaderStarting;
    const needsDirect = selected.some((s) => s.id === 'read' || s.id === 'write');
    const direct = needsDirect
      ? await startServer('direct', 'bench/src/servers/direct-server.ts', {
          port: PORTS.direct,
          databaseUrl: environment.databaseUrl,
          poolSize: suite.poolSize,
          actorId: fixture.owner.userId,
        })
      : undefined;

    const apps = (['identity', 'messaging', 'gateway'] as const).flatMap((name) =>
      suite.apps[name] ? [{ name, pid: suite.apps[name].pid }] : [],
    );
    await sleep(500);
    const idleRssBytes = Object.fromEntries(apps.map(({ name, pid }) => [name, rssBytes(pid) ?? 0]));
    const context: BenchContext = {
      profile,
      environment,
      suite,
      fixture,
      db,
      loader,
      directUrl: `http://127.0.0.1:${PORTS.direct}`,
      groups: [],
      apps,
      shared: { footprint: {}, idleRssBytes },
    };
    context.groups = processGroups(suite, db, () => context.loader, direct);

    const reports: ScenarioReport[] = [];
    for (const scenario of selected) {
      if (scenario === footprintScenario && !procAvailable()) {
        reports.push(skipped(scenario.id, scenario.title, '/proc is not available (Linux only)'));
        continue;
      }
      if (context.loader.child.exited()) {
        say('the load generator died: starting another');
        context.loader = await Loader.start();
      }
      loader = context.loader;
      const started = performance.now();
      say(`— ${scenario.title}`);
      try {
        const report = await scenario.run(context);
        report.seconds = Math.round((performance.now() - started) / 100) / 10;
        reports.push(report);
        if (report.status === 'skipped') say(`skipped: ${report.reason ?? ''}`);
      } catch (error) {
        say(`${scenario.id} failed: ${errorMessage(error)}`);
        reports.push({
          id: scenario.id,
          title: scenario.title,
          status: 'failed',
          reason: errorMessage(error).split('\n')[0],
          figures: [],
          details: { error: error instanceof Error ? error.stack : String(error) },
        });
      }
    }

    reports.sort(
      (a, b) =>
        SCENARIOS.findIndex((scenario) => scenario.id === a.id) -
        SCENARIOS.findIndex((scenario) => scenario.id === b.id),
    );
    const table = renderTable(reports);
    const header =
      `Virtual Village bench, ${profile.mode} run, ${date.slice(0, 16)}Z: ${hostInfo.cores} cores ` +
      `(${hostInfo.cpu}), ${hostInfo.memoryGiB} GiB, ${hostInfo.postgres} (shared_buffers ${hostInfo.sharedBuffers}), ` +
      `nats-server ${hostInfo.natsServer ?? '?'}, Node ${process.version}; load average at start ` +
      hostInfo.loadAverageAtStart.join(' ');
    process.stdout.write(`\n${header}\n\n${table}\n\n`);
    const files = await writeResults(profile.mode, {
      date,
      mode: profile.mode,
      machine: hostInfo,
      profile,
      scenarios: reports,
      table,
    });
    say(`results: ${files.join(', ')}`);
    return reports.some((report) => report.status === 'failed') ? 1 : 0;
  } finally {
    say('stopping');
    await loader?.stop().catch(() => undefined);
    await stopAll();
    await db?.end().catch(() => undefined);
    if (!options.keep)
      await dropDatabase(environment).catch((error: unknown) => say(`drop database: ${errorMessage(error)}`));
    await deleteBenchStreams(environment).catch(() => undefined);
    await environment.startedNats?.stop();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping`);
    void stopAll().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
