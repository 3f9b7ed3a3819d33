import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { asPostgresUser, runCommand } from './run-command';
import { say } from './util';

export type StopMode = 'fast' | 'immediate';

export const CHAOS_DATABASE = 'virtual_village_chaos';

/** The newest server binaries Debian installs (/usr/lib/postgresql/<version>/bin). */
function serverBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const dir = versions
    .map((version) => join(root, version, 'bin'))
    .find((bin) => existsSync(join(bin, 'pg_ctl')));
  if (!dir)
    throw new Error(`no PostgreSQL server binaries under ${root} (Debian: apt-get install postgresql)`);
  return dir;
}

/** postgres owns what the server writes when the run is root. */
function giveToPostgres(path: string): void {
  if (process.getuid?.() !== 0) return;
  const [uid, gid] = ['-u', '-g'].map((flag) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim()),
  );
  chownSync(path, uid, gid);
}

/**
 * The run's own PostgreSQL cluster (initdb'd fresh each run), so it can be stopped (`pg_ctl stop -m
 * fast|immediate`) and started again without touching anyone else's server.
 */
export class PostgresServer {
  private readonly bin = serverBinDir();
  readonly dataDir: string;
  readonly logFile: string;

  constructor(
    workDir: string,
    readonly port: number,
  ) {
    this.dataDir = join(workDir, 'postgres');
    this.logFile = join(workDir, 'postgres.log');
  }

  /** The server URL without a database, or with the run's database. */
  url(database?: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}${database ? `/${database}` : ''}`;
  }

  /** A fresh cluster: whatever a previous run left is stopped and deleted first. */
  async create(): Promise<void> {
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) await this.stop('immediate').catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
    mkdirSync(this.dataDir, { recursive: true });
    giveToPostgres(this.dataDir);
    rmSync(this.logFile, { force: true });
    const initdb = ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'];
    await this.pg('initdb', initdb);
    say(`PostgreSQL cluster in ${this.dataDir}`);
  }

  async start(): Promise<void> {
    // pg_ctl (as postgres) appends to the log: it must exist and belong to postgres.
    if (!existsSync(this.logFile)) writeFileSync(this.logFile, '');
    giveToPostgres(this.logFile);
    const options = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      "-c unix_socket_directories=''",
      '-c max_connections=300',
    ].join(' ');
    await this.pg('pg_ctl', [
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      this.dataDir,
      '-l',
      this.logFile,
      '-o',
      options,
    ]);
  }

  async stop(mode: StopMode): Promise<void> {
    await this.pg('pg_ctl', ['stop', '-w', '-t', '60', '-D', this.dataDir, '-m', mode]);
  }

  async createDatabase(name: string): Promise<void> {
    const admin = new Client({ connectionString: this.url('postgres') });
    await admin.connect();
    try {
      await admin.query(`create database ${admin.escapeIdentifier(name)}`);
    } finally {
      await admin.end();
    }
  }

  private async pg(program: string, args: readonly string[]): Promise<void> {
    const [command, argv] = asPostgresUser(join(this.bin, program), args);
    const result = await runCommand(command, argv);
    if (result.code !== 0) throw new Error(`${program} ${args[0]} failed (${result.code}): ${result.output}`);
  }
}
