import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ROOT } from './util';

const running = new Set<ChildProcess>();

// Whatever ends the run, nothing it started outlives it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export const hasExited = (child: ChildProcess): boolean =>
  child.exitCode !== null || child.signalCode !== null;

/** Starts a long-running command, its output appended to `logFile` (a restart keeps the earlier lines). */
export function spawnLogged(
  command: string,
  args: readonly string[],
  logFile: string,
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'a');
  // detached: Ctrl-C in the terminal reaches only the run, which then stops what it started in order.
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  running.add(child);
  child.once('error', () => undefined); // reported through 'exit' / the readiness wait
  child.once('exit', () => running.delete(child));
  return child;
}

/** Sends `signal` and waits for the exit; SIGKILL after `timeoutMs`. Resolves at once when it already exited. */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  timeoutMs = 10_000,
): Promise<void> {
  if (hasExited(child)) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const escalation = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(escalation);
}

/** Last `lines` lines of a text file ('' if unreadable), for error messages. */
export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
