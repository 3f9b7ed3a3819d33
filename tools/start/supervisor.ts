import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { AppSpec, appPort } from './apps';
import { ROOT, probeTcp, terminate, waitUntil } from './util';

const READY_TIMEOUT_MS = 60_000;

interface Running {
  readonly app: AppSpec;
  readonly child: ChildProcess;
  exited: boolean;
}

/** Runs the apps as child processes, prefixes their output, and stops them. */
export class Supervisor {
  private readonly running: Running[] = [];
  private stopping = false;
  private readonly width: number;

  constructor(
    apps: readonly AppSpec[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly onUnexpectedExit: (reason: string) => void,
  ) {
    this.width = Math.max(...apps.map((app) => app.name.length));
    process.on('exit', () => this.running.forEach(({ child }) => child.kill('SIGTERM')));
  }

  /** Starts the apps together; resolves when all are ready, rejects with the reason otherwise. */
  async startWave(apps: readonly AppSpec[]): Promise<void> {
    for (const app of apps) {
      if (!existsSync(resolve(ROOT, app.entry))) throw new Error(`${app.name}: ${app.entry} does not exist`);
      const port = appPort(app, this.env);
      if ((await probeTcp('127.0.0.1', port, 500)) !== null) {
        throw new Error(
          `${app.name}: port ${port} is already in use (set ${app.portEnv} or stop what uses it)`,
        );
      }
    }
    await Promise.all(apps.map((app) => this.startOne(app)));
  }

  private async startOne(app: AppSpec): Promise<void> {
    if (this.stopping) throw new Error('stopping');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', app.entry], {
      cwd: ROOT,
      env: this.env,
      // detached: Ctrl-C in the terminal reaches only `npm start`, which then stops the apps in order.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entry: Running = { app, child, exited: false };
    this.running.push(entry);
    const prefix = `[${app.name.padEnd(this.width)}] `;
    for (const [input, output] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const) {
      createInterface({ input }).on('line', (line) => output.write(`${prefix}${line}\n`));
    }
    child.once('error', () => undefined); // spawn failures also end in 'exit'
    child.once('exit', (code, signal) => {
      entry.exited = true;
      if (!this.stopping) this.onUnexpectedExit(`${app.name} exited (${signal ?? `code ${code ?? '?'}`})`);
    });
    const url = `http://127.0.0.1:${appPort(app, this.env)}/health/ready`;
    const ready = await waitUntil(
      () => isReady(url),
      READY_TIMEOUT_MS,
      () => entry.exited,
      500,
    );
    if (ready) return;
    if (entry.exited) throw new Error(`${app.name} exited before it was ready`);
    throw new Error(`${app.name} was not ready within ${READY_TIMEOUT_MS / 1000} s (${url})`);
  }

  /** SIGTERMs every app, waits for them (SIGKILL after 10 s). Idempotent. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running.map(({ child }) => terminate(child, 10_000)));
  }
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
