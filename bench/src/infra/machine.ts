import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { connect } from '@nats-io/transport-node';
import type { Pool } from 'pg';
import type { Loader } from '../load/loader-client';
import type { Child } from './children';
import type { BenchEnvironment } from './environment';
import { pidsByName, type ProcessGroup } from './proc-stats';
import type { Suite } from './suite';

/** What the figures were measured on, printed above the table and kept in the JSON. */
export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  freeMemoryGiB: number;
  /** Other work on the machine distorts every figure: this says how much there was. */
  loadAverageAtStart: number[];
  node: string;
  postgres: string;
  sharedBuffers: string;
  maxConnections: number;
  natsServer: string | null;
}

export async function machine(environment: BenchEnvironment, db: Pool): Promise<Machine> {
  const { rows } = await db.query<{ version: string; shared_buffers: string; max_connections: string }>(
    "select version(), current_setting('shared_buffers') as shared_buffers, current_setting('max_connections') as max_connections",
  );
  const nc = await connect({ servers: environment.natsUrl });
  const natsVersion = nc.info?.version ?? null;
  await nc.close();
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
    postgres: rows[0].version.split(' ').slice(0, 2).join(' '),
    sharedBuffers: rows[0].shared_buffers,
    maxConnections: Number(rows[0].max_connections),
    natsServer: natsVersion,
  };
}

/** The processes whose CPU the footprint follows. */
export function processGroups(
  suite: Suite,
  db: Pool,
  loader: () => Loader,
  direct: Child | undefined,
): ProcessGroup[] {
  const app = (name: 'gateway' | 'messaging' | 'identity'): ProcessGroup => ({
    name,
    pids: () => (suite.apps[name] ? [suite.apps[name].pid] : []),
  });
  return [
    app('gateway'),
    app('messaging'),
    app('identity'),
    { name: 'nats-server', pids: () => pidsByName('nats-server') },
    {
      // The bench database's backends, and the WAL writer (shared with anything else the server runs).
      name: 'postgres',
      pids: async () => {
        const { rows } = await db.query<{ pid: number }>(
          `select pid from pg_stat_activity
            where datname = current_database() or backend_type = 'walwriter'`,
        );
        return rows.map((row) => row.pid);
      },
    },
    { name: 'load generator', pids: () => [loader().child.pid] },
    { name: 'direct', pids: () => (direct ? [direct.pid] : []) },
  ];
}
