import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { delimiter, join, resolve } from 'node:path';

/** Repository root (tools/start/ is two levels below it). */
export const ROOT = resolve(__dirname, '..', '..');
/** Local state of `npm start`: embedded PostgreSQL, NATS JetStream store, logs. */
export const DATA_DIR = join(ROOT, '.data');

export function say(message: string): void {
  process.stdout.write(`[start] ${message}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Hides the password of a URL for printing. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * Connects to host:port and resolves with the first line the server sends (or '' if it sends
 * nothing within the timeout), or null when nothing accepts the connection.
 */
export function probeTcp(host: string, port: number, timeoutMs = 1000): Promise<string | null> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    let received = '';
    let connected = false;
    const finish = (result: string | null): void => {
      socket.destroy();
      done(result);
    };
    socket.setTimeout(timeoutMs, () => finish(connected ? received : null));
    socket.on('connect', () => {
      connected = true;
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const newline = received.indexOf('\n');
      if (newline >= 0) finish(received.slice(0, newline).trim());
    });
    socket.on('error', () => finish(null));
    socket.on('close', () => finish(connected ? received : null));
  });
}

/** Polls `check` until it returns true; false when `timeoutMs` passes or `stop()` says so. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  stop: () => boolean = () => false,
  intervalMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stop()) {
    if (await check()) return true;
    await sleep(intervalMs);
  }
  return false;
}

/** First executable called `name` in PATH, then in `extraDirs`; null when there is none. */
export function findExecutable(
  name: string,
  extraDirs: readonly string[] = [],
  pathEnv: string = process.env.PATH ?? '',
): string | null {
  const dirs = [...pathEnv.split(delimiter), ...extraDirs].filter((dir) => dir !== '');
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** True once the child has exited (or was never started). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Sends `signal` to a child (if it still runs) and waits for it; SIGKILL after `timeoutMs`. Never
 * hangs: a child that already exited resolves at once.
 */
export function terminate(
  child: ChildProcess,
  timeoutMs = 10_000,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill(signal);
  });
}

/** Last `lines` lines of a text file ('' if unreadable), for error messages. */
export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
