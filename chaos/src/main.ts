/**
 * `npm run chaos`: starts the suite on its own PostgreSQL cluster, nats-server and ports, writes posts
 * through the gateway at a fixed rate with WebSocket listeners, and injects faults under that load
 * (kill -9 of every app and of the active outbox relay, NATS and PostgreSQL outages, poison messages).
 * Then it checks every acknowledged write is held exactly once by every store and prints one table.
 * See chaos/README.md and docs/reliability.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitForCatchUp } from './check/catch-up';
import { planFor } from './faults/plan';
import type { ChaosContext, FaultWindow, PoisonSent } from './faults/scenario';
import { say, WORK_DIR } from './infra/util';
import { createFixture, FixtureClient } from './load/fixture';
import { StreamListener } from './load/listener';
import { Writer } from './load/writer';
import { renderNotes } from './report/notes';
import { renderTable, tableRows } from './report/table';
import type { RunResult } from './report/results';
import { runFaults, warmUp } from './run/drive';
import { Environment } from './run/environment';
import { measure } from './run/measure';
import { parseOptions } from './run/options';

const environment = new Environment();

/** The table, the notes, the figures as JSON and what each listener received (for digging into a loss). */
function save(result: RunResult, table: string, listeners: readonly StreamListener[]): void {
  const dir = join(WORK_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = result.date.replace(/[:.]/g, '-');
  writeFileSync(join(dir, `${result.plan}-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const received = Object.fromEntries(
    listeners.map((listener) => [listener.name, { log: listener.log, events: listener.events }]),
  );
  writeFileSync(join(dir, `${result.plan}-${stamp}-sockets.json`), JSON.stringify(received));
  writeFileSync(join(dir, `latest-${result.plan}.md`), `${table}\n\n${renderNotes(result)}\n`);
  say(`results in ${dir}`);
}

async function run(): Promise<boolean> {
  const options = parseOptions(process.argv.slice(2));
  const plan = planFor(options.quick, options.rate);
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const startedAt = Date.now();
  say(`run ${runId}: ${plan.name} plan, ${plan.rate} posts/s, ${plan.scenarios.length} faults`);
  await environment.start();

  const client = new FixtureClient(environment.suite.gatewayUrl);
  const fixture = await createFixture(client);
  const gatewayUrl = environment.suite.gatewayUrl;
  const listeners = {
    observer: new StreamListener('observer', gatewayUrl, fixture.observer.accessToken, runId),
    watcher: new StreamListener('watcher', gatewayUrl, fixture.watcher.accessToken, runId),
  };
  await Promise.all(Object.values(listeners).map((listener) => listener.start()));
  await warmUp(client, fixture, runId, listeners);
  client.close();

  const writer = new Writer({
    gatewayUrl,
    token: fixture.writer.accessToken,
    topicId: fixture.topicId,
    runId,
    rate: plan.rate,
    attemptTimeoutMs: 30_000,
    giveUpAfterMs: 180_000,
  });
  say(`load: ${plan.rate} posts/s; first fault in ${plan.warmupMs / 1000} s`);
  writer.start();
  await sleep(plan.warmupMs);
  const poison: PoisonSent[] = [];
  const { suite, nats, postgres, db, nc, prefix } = environment;
  const context: ChaosContext = { suite, nats, postgres, db, nc, prefix, fixture, poison };
  const windows: FaultWindow[] = await runFaults(plan, context);

  say('stopping the load; waiting for every store to catch up');
  await writer.stop();
  const acked = new Set(writer.writes.filter((write) => write.state === 'acked').map((write) => write.n));
  const catchUp = await waitForCatchUp(
    {
      db: environment.db,
      runId,
      watcherId: fixture.watcher.userId,
      acked,
      listeners: { posts: Object.values(listeners), notifications: listeners.watcher },
    },
    plan.drainMs,
  );
  say(
    catchUp.seconds === null
      ? `not caught up after ${plan.drainMs / 1000} s`
      : `caught up after ${catchUp.seconds.toFixed(1)} s`,
  );
  for (const listener of Object.values(listeners)) listener.stop();

  const result = await measure({
    plan: plan.name,
    rate: plan.rate,
    command: ['npm run chaos', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(
      ' ',
    ),
    runId,
    startedAt,
    environment,
    fixture,
    writes: writer.writes,
    windows,
    listeners,
    poison,
    caughtUpSec: catchUp.seconds,
    catchUp: catchUp.state,
    drainSec: plan.drainMs / 1000,
  });
  const rows = tableRows(result);
  const table = renderTable(rows);
  process.stdout.write(`\n${table}\n\n${renderNotes(result)}\n`);
  save(result, table, Object.values(listeners));
  return rows.every((row) => row.verdict !== 'missed');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping everything the run started`);
    void environment.stop().finally(() => process.exit(130));
  });
}

run()
  .then(async (allMet) => {
    await environment.stop();
    process.exit(allMet ? 0 : 1);
  })
  .catch(async (error: unknown) => {
    say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await environment.stop();
    process.exit(2);
  });
