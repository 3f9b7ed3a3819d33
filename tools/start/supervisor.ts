import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { AppSpec, appPort } from './apps';
import { RestartBackoff, restartBackoffDefaults, type RestartBackoffOptions } from './restart-backoff';
import { ROOT, errorMessage, hasExited, probeTcp, say, terminate, waitUntil } from './util';

export interface SupervisorOptions {
  /** Where the supervisor's own lines go (the apps' output is prefixed and passed through). */
  readonly log?: (message: string) => void;
  readonly backoff?: RestartBackoffOptions;
  readonly readyTimeoutMs?: number;
}

/** One app: the process running it now, and its crash history. */
interface Slot {
  readonly app: AppSpec;
  readonly backoff: RestartBackoff;
  child: ChildProcess;
  startedAt: number;
  /** Set once the app was ready: from then on a crash restarts it instead of failing the start. */
  supervised: boolean;
  restarts: number;
  timer?: NodeJS.Timeout;
}

/**
 * Runs the apps as child processes, prefixes their output, restarts an app that exits on its own
 * (after it was ready once) with a backoff, and stops them.
 */
export class Supervisor {
  private readonly slots: Slot[] = [];
  private stopping = false;
  private readonly width: number;
  private readonly log: (message: string) => void;
  private readonly readyTimeoutMs: number;

  constructor(
    apps: readonly AppSpec[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly options: SupervisorOptions = {},
  ) {
    this.width = Math.max(...apps.map((app) => app.name.length));
    this.log = options.log ?? say;
    this.readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
    process.on('exit', () => this.signalAll('SIGTERM'));
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
    await Promise.all(apps.map((app) => this.startFirst(app)));
  }

  /** How often each app was restarted so far, by name. */
  restarts(): Record<string, number> {
    return Object.fromEntries(this.slots.map((slot) => [slot.app.name, slot.restarts]));
  }

  /** SIGTERMs every app and waits for them (SIGKILL after 10 s); no restart follows. Idempotent. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const slot of this.slots) clearTimeout(slot.timer);
    await Promise.all(this.slots.map((slot) => terminate(slot.child, 10_000)));
  }

  /** Kills every app at once (a second Ctrl-C); no restart follows. */
  killAll(): void {
    this.stopping = true;
    for (const slot of this.slots) clearTimeout(slot.timer);
    this.signalAll('SIGKILL');
  }

  private async startFirst(app: AppSpec): Promise<void> {
    if (this.stopping) throw new Error('stopping');
    const slot: Slot = {
      app,
      backoff: new RestartBackoff(this.options.backoff ?? restartBackoffDefaults),
      child: this.spawn(app),
      startedAt: Date.now(),
      supervised: false,
      restarts: 0,
    };
    this.slots.push(slot);
    this.watch(slot);
    if (await this.ready(slot)) {
      slot.supervised = true;
      return;
    }
    if (hasExited(slot.child)) throw new Error(`${app.name} exited before it was ready`);
    throw new Error(
      `${app.name} was not ready within ${this.readyTimeoutMs / 1000} s (${this.readyUrl(app)})`,
    );
  }

  private spawn(app: AppSpec): ChildProcess {
    const child = spawn(process.execPath, [...app.nodeOptions, app.entry], {
      cwd: ROOT,
      env: this.env,
      // detached: Ctrl-C in the terminal reaches only `npm start`, which then stops the apps in order.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = `[${app.name.padEnd(this.width)}] `;
    for (const [input, output] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const) {
      createInterface({ input }).on('line', (line) => output.write(`${prefix}${line}\n`));
    }
    child.once('error', () => undefined); // spawn failures also end in 'exit'
    return child;
  }

  /** A crash of a supervised app schedules its restart; one during the first start fails the start instead. */
  private watch(slot: Slot): void {
    const child = slot.child;
    child.once('exit', (code, signal) => {
      if (this.stopping || !slot.supervised || slot.child !== child) return;
      const delayMs = slot.backoff.next(Date.now() - slot.startedAt);
      slot.restarts++;
      this.log(
        `${slot.app.name} exited (${signal ?? `code ${code ?? '?'}`}); restarting it in ` +
          `${delayMs / 1000} s (restart ${slot.restarts})`,
      );
      slot.timer = setTimeout(() => void this.restart(slot), delayMs);
    });
  }

  private async restart(slot: Slot): Promise<void> {
    slot.timer = undefined;
    if (this.stopping) return;
    try {
      slot.child = this.spawn(slot.app);
      slot.startedAt = Date.now();
      this.watch(slot);
      if (await this.ready(slot)) this.log(`${slot.app.name} is ready again`);
      else if (!hasExited(slot.child) && !this.isStopping())
        this.log(`${slot.app.name} is not ready ${this.readyTimeoutMs / 1000} s after its restart`);
    } catch (error) {
      this.log(`restarting ${slot.app.name} failed: ${errorMessage(error)}`);
    }
  }

  private ready(slot: Slot): Promise<boolean> {
    const child = slot.child;
    const url = this.readyUrl(slot.app);
    return waitUntil(
      () => isReady(url),
      this.readyTimeoutMs,
      () => hasExited(child) || this.isStopping(),
      250,
    );
  }

  private readyUrl(app: AppSpec): string {
    return `http://127.0.0.1:${appPort(app, this.env)}/health/ready`;
  }

  /** A method, not a field read, so the compiler does not assume it unchanged across awaits. */
  private isStopping(): boolean {
    return this.stopping;
  }

  private signalAll(signal: NodeJS.Signals): void {
    for (const { child } of this.slots) if (!hasExited(child)) child.kill(signal);
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
