import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { hasExited, spawnLogged, stopChild, tail } from './child-process';
import { settles } from './util';

function findNatsServer(): string {
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/sbin',
    '/usr/local/sbin',
    '/usr/local/bin',
  ];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, 'nats-server'), constants.X_OK);
      return join(dir, 'nats-server');
    } catch {
      // not here
    }
  }
  throw new Error('nats-server is not installed (Debian: apt-get install nats-server)');
}

/** The run's own nats-server (JetStream store under the work dir), so it can be stopped and started again. */
export class NatsServer {
  private readonly binary = findNatsServer();
  private child?: ChildProcess;
  readonly storeDir: string;
  readonly logFile: string;

  constructor(
    workDir: string,
    readonly port: number,
    readonly monitorPort: number,
  ) {
    this.storeDir = join(workDir, 'nats');
    this.logFile = join(workDir, 'logs', 'nats-server.log');
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** An empty JetStream store. */
  reset(): void {
    rmSync(this.storeDir, { recursive: true, force: true });
    mkdirSync(this.storeDir, { recursive: true });
  }

  /** Starts it on the same store; resolves once JetStream is healthy. */
  async start(): Promise<void> {
    const args = [
      '-a',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-m',
      String(this.monitorPort),
      '-js',
      '-sd',
      this.storeDir,
    ];
    const child = spawnLogged(this.binary, args, this.logFile);
    this.child = child;
    const healthz = `http://127.0.0.1:${this.monitorPort}/healthz?js-enabled-only=true`;
    const healthy = await settles(async () => {
      if (hasExited(child)) return; // reported below
      const response = await fetch(healthz, { signal: AbortSignal.timeout(1000) });
      if (!response.ok) throw new Error(`healthz answered ${response.status}`);
    }, 30_000);
    if (!healthy || hasExited(child)) throw new Error(`nats-server did not start:\n${tail(this.logFile)}`);
  }

  /** Stops it (SIGTERM; SIGKILL after 10 s). */
  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child);
  }
}
