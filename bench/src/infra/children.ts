import { fork, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { APP_NODE_OPTIONS, compiledEntry } from '@vv/testing';
import { ROOT, WORK_DIR, answers200, waitUntil } from './util';

/** A process the bench started: an app of the suite, one of bench's own servers, or a load generator. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly process: ChildProcess;
  exited(): boolean;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once it has exited. */
  stop(timeoutMs?: number): Promise<void>;
}

const running = new Set<Child>();

process.on('exit', () => {
  for (const child of running) child.process.kill('SIGKILL');
});

function logFileFor(name: string): { file: string; fd: number } {
  const dir = join(WORK_DIR, 'logs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.log`);
  return { file, fd: openSync(file, 'w') };
}

function track(name: string, child: ChildProcess, logFile: string): Child {
  let exited = false;
  const handle: Child = {
    name,
    pid: child.pid ?? -1,
    logFile,
    process: child,
    exited: () => exited || child.exitCode !== null || child.signalCode !== null,
    stop: (timeoutMs = 10_000) =>
      new Promise<void>((done) => {
        if (handle.exited()) {
          done();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
  child.once('error', () => undefined); // reported through 'exit' / the readiness wait
  child.once('exit', () => {
    exited = true;
    running.delete(handle);
  });
  running.add(handle);
  return handle;
}

/**
 * With BENCH_CPU_PROF set, every app writes a V8 CPU profile when it stops, to
 * .data/bench/profiles/<name>/ (summarise one with `npm run bench:profile -- <file>`).
 */
function profileOptions(name: string): string[] {
  if (!process.env.BENCH_CPU_PROF) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${join(WORK_DIR, 'profiles', name)}`];
}

/** Runs an app the way `npm start` does: `node <compiled entry>` (built by `buildApps`), output to a log file. */
export function spawnApp(name: string, app: string, env: NodeJS.ProcessEnv): Child {
  return spawnCommand(
    name,
    process.execPath,
    [...APP_NODE_OPTIONS, ...profileOptions(name), compiledEntry(app)],
    env,
  );
}

/** Starts a long-running command, its output to a log file. */
export function spawnCommand(
  name: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Child {
  const { file, fd } = logFileFor(name);
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return track(name, child, file);
}

/** Forks one of bench's own TypeScript entries with an IPC channel (configuration in, results out). */
export function forkTs(name: string, entry: string, env: NodeJS.ProcessEnv = process.env): Child {
  const { file, fd } = logFileFor(name);
  const child = fork(resolve(ROOT, entry), [], {
    cwd: ROOT,
    env,
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  return track(name, child, file);
}

/** Runs a command to completion, its output to a log file; resolves with the exit code. */
export function runToEnd(
  name: string,
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; log: string }> {
  const { file, fd } = logFileFor(name);
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  track(name, child, file);
  return new Promise((done) => {
    child.once('exit', (code) => done({ code, log: tail(file) }));
    child.once('error', (error) => done({ code: -1, log: error.message }));
  });
}

/** The next IPC message of `child` that `accept` takes; rejects when the child exits first or on timeout. */
export function nextMessage<T>(
  child: Child,
  accept: (message: unknown) => message is T,
  timeoutMs: number,
): Promise<T> {
  return new Promise((done, fail) => {
    const onMessage = (message: unknown): void => {
      if (!accept(message)) return;
      cleanup();
      done(message);
    };
    const onExit = (): void => {
      cleanup();
      fail(new Error(`${child.name} exited (see ${child.logFile}):\n${tail(child.logFile)}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      fail(new Error(`${child.name} did not answer within ${timeoutMs / 1000} s (see ${child.logFile})`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.process.off('message', onMessage);
      child.process.off('exit', onExit);
    };
    child.process.on('message', onMessage);
    child.process.once('exit', onExit);
    if (child.exited()) onExit();
  });
}

/** Waits until `readyUrl` answers 200; throws with the end of the log when the app exits or times out. */
export async function waitReady(child: Child, readyUrl: string, timeoutMs = 60_000): Promise<void> {
  const ready = await waitUntil(async () => {
    if (child.exited()) return true;
    return answers200(readyUrl);
  }, timeoutMs);
  if (child.exited() || !ready) {
    const why = child.exited() ? 'exited before it was ready' : `was not ready within ${timeoutMs / 1000} s`;
    throw new Error(`${child.name} ${why} (${readyUrl}); end of ${child.logFile}:\n${tail(child.logFile)}`);
  }
}

/** Stops every process the bench started (last started first). */
export async function stopAll(): Promise<void> {
  for (const child of [...running].reverse()) await child.stop();
}

/** Last `lines` lines of a text file ('' if unreadable). */
export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
