import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Dependency, DependencyError, ResolvedDependency } from './dependency';
import { DATA_DIR, ROOT, findExecutable, probeTcp, redact, say, tail, terminate, waitUntil } from './util';

export interface NatsOptions {
  /** NATS_URL from the environment, used as is when set. */
  readonly fromEnv: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly monitorPort: number;
  readonly dataDir: string;
  /** Searched after PATH (Debian installs nats-server in /usr/sbin, often not on a user's PATH). */
  readonly extraDirs: readonly string[];
}

export const natsDefaults: NatsOptions = {
  fromEnv: process.env.NATS_URL,
  host: '127.0.0.1',
  port: 4222,
  monitorPort: 8222,
  dataDir: join(DATA_DIR, 'nats'),
  extraDirs: ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin'],
};

export const NATS_MISSING =
  'nats-server is not installed: install it (Debian/Ubuntu: apt-get install nats-server; ' +
  'others: https://github.com/nats-io/nats-server/releases) or set NATS_URL to a running NATS server';

export type NatsProbe = { readonly nats: false } | { readonly nats: true; readonly jetstream: boolean };

/** What listens on host:port: null for nothing, else whether it is NATS (and has JetStream). */
export async function probeNats(host: string, port: number): Promise<NatsProbe | null> {
  const line = await probeTcp(host, port);
  if (line === null) return null;
  if (!line.startsWith('INFO ')) return { nats: false };
  try {
    const info = JSON.parse(line.slice(5)) as { jetstream?: boolean };
    return { nats: true, jetstream: info.jetstream === true };
  } catch {
    return { nats: true, jetstream: false };
  }
}

async function healthy(options: NatsOptions): Promise<boolean> {
  const probe = await probeNats(options.host, options.port);
  if (probe === null || !probe.nats || !probe.jetstream) return false;
  const url = `http://${options.host}:${options.monitorPort}/healthz?js-enabled-only=true`;
  return fetch(url, { signal: AbortSignal.timeout(1000) }).then(
    (response) => response.ok,
    () => false,
  );
}

async function startServer(options: NatsOptions): Promise<ResolvedDependency> {
  const binary = findExecutable('nats-server', options.extraDirs);
  if (binary === null) throw new DependencyError(NATS_MISSING);
  mkdirSync(options.dataDir, { recursive: true });
  const logFile = join(DATA_DIR, 'nats.log');
  const logFd = openSync(logFile, 'a');
  const args = ['-a', options.host, '-p', String(options.port), '-m', String(options.monitorPort)];
  // detached: Ctrl-C in the terminal reaches only `npm start`, which stops the apps before NATS.
  const child = spawn(binary, [...args, '-js', '-sd', options.dataDir], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const killOnExit = (): void => void child.kill('SIGTERM');
  process.on('exit', killOnExit);
  let stopping = false;
  let exited = false;
  child.once('exit', () => {
    exited = true;
    process.removeListener('exit', killOnExit);
  });
  child.once('error', () => undefined); // reported through 'exit' / the readiness wait
  say(
    `starting ${binary} on ${options.host}:${options.port} (JetStream store in ${relative(ROOT, options.dataDir)})`,
  );
  const ready = await waitUntil(
    () => healthy(options),
    15_000,
    () => exited,
  );
  const shownLog = relative(ROOT, logFile);
  if (!ready) {
    await terminate(child, 2000);
    throw new DependencyError(`nats-server did not become ready (log ${shownLog}):\n${tail(logFile)}`);
  }
  return {
    env: { NATS_URL: `nats://${options.host}:${options.port}` },
    origin: 'embedded',
    summary: `nats-server started on ${options.host}:${options.port}, data in ${relative(ROOT, options.dataDir)}, log in ${shownLog}`,
    stop: () => {
      stopping = true;
      return terminate(child);
    },
    kill: () => {
      stopping = true;
      child.kill('SIGKILL');
    },
    onUnexpectedExit: (listener) => {
      const report = (): void => {
        if (!stopping)
          listener(
            `nats-server exited (${child.signalCode ?? `code ${child.exitCode ?? '?'}`}), see ${shownLog}`,
          );
      };
      if (exited) report();
      else child.once('exit', report);
    },
  };
}

export function nats(options: NatsOptions = natsDefaults): Dependency {
  return {
    name: 'NATS',
    envVar: 'NATS_URL',
    async resolve(): Promise<ResolvedDependency> {
      if (options.fromEnv)
        return { env: { NATS_URL: options.fromEnv }, origin: 'env', summary: redact(options.fromEnv) };
      const address = `${options.host}:${options.port}`;
      const probe = await probeNats(options.host, options.port);
      if (probe === null) return startServer(options);
      if (!probe.nats)
        throw new DependencyError(
          `${address} is in use by something that is not NATS; free it or set NATS_URL`,
        );
      if (!probe.jetstream)
        say(`warning: the NATS server on ${address} has JetStream off (start it with -js)`);
      return {
        env: { NATS_URL: `nats://${address}` },
        origin: 'localhost',
        summary: `nats://${address} (the server on localhost)`,
      };
    },
  };
}
