import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startTestS3 } from '@vv/testing';
import { Pool } from 'pg';
import { NatsServer } from '../infra/nats-server';
import { allPorts, PORTS, portFree } from '../infra/ports';
import { CHAOS_DATABASE, PostgresServer } from '../infra/postgres-server';
import { Suite } from '../infra/suite';
import { say, WORK_DIR } from '../infra/util';

/** The run's subject prefix (its own nats-server anyway; the prefix makes its streams easy to tell apart). */
export const CHAOS_PREFIX = 'vvchaos';

/** What a run starts, in the order it starts them; `stop` stops what was started, last first. */
export class Environment {
  postgres!: PostgresServer;
  nats!: NatsServer;
  suite!: Suite;
  /** The run's own pool on its database (for looking, never for the apps' work). */
  db!: Pool;
  /** The run's own NATS connection; reconnects forever. */
  nc!: NatsConnection;
  readonly prefix = CHAOS_PREFIX;
  private readonly cleanups: (() => Promise<void>)[] = [];
  private stopping?: Promise<void>;

  /** Its own PostgreSQL cluster and nats-server on the run's ports, an s3rver, then every app. */
  async start(): Promise<void> {
    for (const port of allPorts()) {
      if (!(await portFree(port)))
        throw new Error(`port ${port} is in use: stop what uses it or set CHAOS_PORT_BASE`);
    }
    mkdirSync(WORK_DIR, { recursive: true });
    const logDir = join(WORK_DIR, 'logs');
    rmSync(logDir, { recursive: true, force: true });

    this.postgres = new PostgresServer(WORK_DIR, PORTS.postgres);
    await this.postgres.create();
    await this.postgres.start();
    this.cleanups.push(() => this.postgres.stop('fast'));
    await this.postgres.createDatabase(CHAOS_DATABASE);

    this.nats = new NatsServer(WORK_DIR, PORTS.nats, PORTS.natsMonitor);
    this.nats.reset();
    await this.nats.start();
    this.cleanups.push(() => this.nats.stop());
    say(`PostgreSQL on :${PORTS.postgres}, nats-server on :${PORTS.nats}, logs in ${logDir}`);

    // The files service's store: an embedded s3rver (or S3_ENDPOINT), a bucket of its own.
    const s3 = await startTestS3();
    this.cleanups.push(() => s3.close());

    const databaseUrl = this.postgres.url(CHAOS_DATABASE);
    this.suite = new Suite({
      databaseUrl,
      natsUrl: this.nats.url,
      prefix: this.prefix,
      s3Env: s3.env,
      logDir,
    });
    this.cleanups.push(() => this.suite.stop());
    await this.suite.start();

    this.db = new Pool({ connectionString: databaseUrl, max: 4, connectionTimeoutMillis: 5000 });
    this.db.on('error', () => undefined); // a PostgreSQL stop ends idle connections; the pool opens new ones
    this.cleanups.push(() => this.db.end());
    this.nc = await connect({ servers: this.nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    this.cleanups.push(() => this.nc.close());
  }

  /** Stops everything started so far (idempotent, never rejects). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const cleanup of this.cleanups.reverse()) {
        await cleanup().catch((error: unknown) => say(`while stopping: ${String(error)}`));
      }
    })();
    return this.stopping;
  }
}
