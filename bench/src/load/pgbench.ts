import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SESSION_OPTIONS } from '@vv/platform';
import { runToEnd } from '../infra/children';
import { WORK_DIR } from '../infra/util';
import { summarize, type LatencySummary } from '../report/stats';

export interface PgbenchJob {
  name: string;
  pgbench: string;
  databaseUrl: string;
  script: string;
  /** pgbench -D variables (sent as parameters with -M extended). */
  variables: Record<string, string>;
  clients: number;
  durationSec: number;
  /** -R: a fixed (Poisson) schedule; latency then counts from each transaction's scheduled start. */
  rate?: number;
}

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  /** Milliseconds, from pgbench's per-transaction log. */
  latency: LatencySummary;
  /** -T takes whole seconds: the duration actually asked for. */
  durationSec: number;
}

/** Runs pgbench with a custom script; latency percentiles come from its per-transaction log (-l). */
export async function runPgbench(job: PgbenchJob): Promise<PgbenchResult> {
  const dir = join(WORK_DIR, 'pgbench');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, `${job.name}.sql`);
  writeFileSync(script, job.script);
  const logPrefix = `${job.name}-log`;
  for (const file of readdirSync(dir)) if (file.startsWith(logPrefix)) rmSync(join(dir, file));
  const durationSec = Math.max(1, Math.round(job.durationSec));
  const args = [
    '-n', // no vacuum of pgbench's own tables (there are none)
    '-M',
    'extended',
    '-c',
    String(job.clients),
    '-j',
    String(Math.min(2, job.clients)),
    '-T',
    String(durationSec),
    '-f',
    script,
    '-l',
    `--log-prefix=${join(dir, logPrefix)}`,
    ...Object.entries(job.variables).flatMap(([name, value]) => ['-D', `${name}=${value}`]),
  ];
  if (job.rate !== undefined) args.push('-R', String(job.rate));
  args.push(job.databaseUrl);
  // The services' session settings (JIT off), so the database runs the statement as they do.
  const { code, log } = await runToEnd(`pgbench-${job.name}`, job.pgbench, args, {
    env: { ...process.env, PGOPTIONS: SESSION_OPTIONS },
  });
  if (code !== 0) throw new Error(`pgbench exited with ${code}:\n${log}`);
  const output = readFileSync(join(WORK_DIR, 'logs', `pgbench-${job.name}.log`), 'utf8');
  const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1] ?? NaN);
  const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
  // Log lines: client_id transaction_no time script_no time_epoch time_us [schedule_lag]; `time` (µs)
  // already includes the schedule lag under -R.
  const latencies: number[] = [];
  for (const file of readdirSync(dir)) {
    if (!file.startsWith(logPrefix)) continue;
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const fields = line.split(' ');
      if (fields.length >= 6 && fields[2] !== 'skipped' && fields[2] !== 'failed')
        latencies.push(Number(fields[2]) / 1000);
    }
    rmSync(join(dir, file));
  }
  return { tps, transactions: latencies.length, failed, latency: summarize(latencies), durationSec };
}
