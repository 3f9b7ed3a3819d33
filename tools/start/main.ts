/**
 * `npm start`: finds or starts NATS, PostgreSQL, SMTP and S3 (see dependency.ts) while it builds the apps
 * whose build is stale (Nx restores the others from its cache), uses Redis for the read cache when one
 * answers on localhost (redis.ts), then runs every app in apps.ts, compiled, with their output prefixed,
 * restarts an app that crashes, and stops it all on Ctrl-C or
 * SIGTERM (a second one kills what is left at once). See docs/running.md.
 */
import { relative } from 'node:path';
import { buildApps } from '@vv/testing';
import { APPS, PUBLIC_APP, appPort, waves } from './apps';
import { Dependency, DependencyError, ResolvedDependency } from './dependency';
import { nats } from './nats';
import { postgres } from './postgres';
import { redis } from './redis';
import { s3 } from './s3';
import { smtp } from './smtp';
import { Supervisor } from './supervisor';
import { DATA_DIR, ROOT, errorMessage, say } from './util';

// Order matters: NATS first, so a missing nats-server fails before anything is started.
const DEPENDENCIES: readonly Dependency[] = [nats(), postgres(), smtp(), s3(), redis()];

const started: { readonly dependency: Dependency; readonly resolved: ResolvedDependency }[] = [];
let supervisor: Supervisor | undefined;
let stopping = false;
let stoppingSince = 0;
let running: Promise<void> = Promise.resolve();

async function run(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  say('building the apps (unchanged ones come from the Nx cache)');
  const built = buildApps(APPS.map((app) => app.name));
  void built.catch(() => undefined); // awaited (and reported) after the dependencies
  for (const dependency of DEPENDENCIES) {
    const resolved = await dependency.resolve().catch((error: unknown) => {
      if (error instanceof DependencyError) throw error;
      throw new DependencyError(`${dependency.name}: ${errorMessage(error)}`);
    });
    started.push({ dependency, resolved });
    if (stopping) return;
    resolved.onUnexpectedExit?.((reason) => finish(1, reason));
    Object.assign(env, resolved.env);
  }
  await built;
  supervisor = new Supervisor(APPS, env);
  for (const wave of waves(APPS)) {
    if (stopping) return;
    say(`starting ${wave.map((app) => app.name).join(', ')}`);
    await supervisor.startWave(wave);
  }
  if (stopping) return;
  const gateway = APPS.find((app) => app.name === PUBLIC_APP);
  process.stdout.write('\n');
  if (gateway) say(`Virtual Village is ready: http://localhost:${appPort(gateway, env)}`);
  for (const { dependency, resolved } of started) say(`  ${dependency.name.padEnd(11)}${resolved.summary}`);
  say(`  ${'apps'.padEnd(11)}${APPS.map((app) => `${app.name} :${appPort(app, env)}`).join(', ')}`);
  say(`  ${'local data'.padEnd(11)}${relative(ROOT, DATA_DIR)}/ (delete it to start from scratch)`);
  say('Ctrl-C stops everything.');
}

async function stopEverything(): Promise<void> {
  await supervisor?.stopAll();
  await running.catch(() => undefined); // let an in-flight start step settle, so nothing is left behind
  await supervisor?.stopAll();
  for (const { dependency, resolved } of [...started].reverse()) {
    if (resolved.stop) {
      say(`stopping ${dependency.name}`);
      await resolved.stop();
    }
  }
}

function finish(code: number, message?: string): void {
  if (stopping) return;
  stopping = true;
  stoppingSince = Date.now();
  if (message) say(message);
  void stopEverything()
    .catch((error: unknown) => say(`while stopping: ${errorMessage(error)}`))
    .finally(() => process.exit(code));
}

/** A second Ctrl-C while stopping: no more waiting for anything. */
function forceExit(signal: NodeJS.Signals): void {
  say(`${signal} again: killing what is still running`);
  supervisor?.killAll();
  for (const { resolved } of started) resolved.kill?.();
  process.exit(1);
}

/** One Ctrl-C arrives twice: from the terminal (same process group) and forwarded by npm. */
const SAME_PRESS_MS = 1000;

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (!stopping) finish(0, `${signal}: stopping`);
    else if (Date.now() - stoppingSince > SAME_PRESS_MS) forceExit(signal);
  });
}
process.on('uncaughtException', (error) => finish(1, `unexpected error: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (error) => finish(1, `unexpected error: ${errorMessage(error)}`));

// npm forwards SIGINT/SIGTERM to its script (which `exec`s node, so they reach this process). If npm
// itself dies (kill -9), this process is re-parented, and nothing else would stop the apps.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) finish(0, 'the parent process (npm) is gone: stopping');
}, 1000).unref();

running = run();
void running.catch((error: unknown) => {
  finish(1, error instanceof DependencyError ? error.message : `failed to start: ${errorMessage(error)}`);
});
