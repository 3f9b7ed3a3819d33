import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ServiceName } from '@vv/contracts';
import { APP_NODE_OPTIONS } from '@vv/testing';
import { hasExited, spawnLogged, stopChild, tail } from './child-process';
import { say, settles } from './util';

export interface AppSpec {
  /** The replica's name, e.g. `messaging-2`. */
  readonly name: string;
  readonly service: ServiceName;
  /** Compiled entry point (`compiledEntry`), absolute. */
  readonly entry: string;
  /** Health, readiness and metrics (the gateway's API too). */
  readonly httpPort: number;
  readonly env: NodeJS.ProcessEnv;
}

const RESTART_AFTER_CRASH_MS = 1000;

/**
 * One replica of an app, run as `npm start` runs it (`node <APP_NODE_OPTIONS> <compiled entry>`), its output
 * appended to `logs/<name>.log`. Like a supervisor, it starts the app again when it exits on its own
 * (counted as a crash); `kill9` kills it and starts it again at once, as a supervisor would.
 */
export class AppProcess {
  private child?: ChildProcess;
  private stopping = false;
  /** Exits nobody asked for (a crash), by the time they happened. */
  readonly crashes: { at: number; how: string }[] = [];
  readonly logFile: string;

  constructor(
    readonly spec: AppSpec,
    logDir: string,
  ) {
    this.logFile = join(logDir, `${spec.name}.log`);
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child && !hasExited(this.child) ? this.child.pid : undefined;
  }

  get readyUrl(): string {
    return `http://127.0.0.1:${this.spec.httpPort}/health/ready`;
  }

  start(): void {
    this.stopping = false;
    const child = spawnLogged(
      process.execPath,
      [...APP_NODE_OPTIONS, this.spec.entry],
      this.logFile,
      this.spec.env,
    );
    this.child = child;
    child.once('exit', (code, signal) => {
      if (this.stopping || this.child !== child) return;
      const how = signal ?? `code ${code ?? '?'}`;
      this.crashes.push({ at: Date.now(), how });
      say(`${this.name} exited on its own (${how}); starting it again (see ${this.logFile})`);
      setTimeout(() => {
        if (!this.stopping && this.child === child) this.start();
      }, RESTART_AFTER_CRASH_MS);
    });
  }

  /** Resolves once GET /health/ready answers 200; throws with the end of the log when it does not. */
  async waitReady(timeoutMs = 120_000): Promise<void> {
    const ready = await settles(
      async () => {
        const response = await fetch(this.readyUrl, { signal: AbortSignal.timeout(1000) });
        await response.body?.cancel();
        if (response.status !== 200) throw new Error(`readiness answered ${response.status}`);
      },
      timeoutMs,
      200,
    );
    if (!ready)
      throw new Error(
        `${this.name} was not ready within ${timeoutMs / 1000} s; end of ${this.logFile}:\n${tail(this.logFile)}`,
      );
  }

  /** kill -9, then starts it again at once; resolves when the new process has been started. */
  async kill9AndRestart(): Promise<void> {
    const child = this.child;
    this.stopping = true; // the exit below is ours, not a crash
    if (child) await stopChild(child, 'SIGKILL');
    this.start();
  }

  /** SIGTERM (SIGKILL after 10 s); not started again. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child) await stopChild(this.child);
  }
}
