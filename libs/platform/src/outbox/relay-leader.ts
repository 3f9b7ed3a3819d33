import { Client } from 'pg';
import type { Logger } from 'pino';
import { SESSION_OPTIONS } from '../db/database';
import { buildCall, mapRow, type SqlArgs } from '../db/sql-call';
import { fromPgError } from '../errors/sqlstate';

export interface RelayLeaderOptions {
  databaseUrl: string;
  schema: string;
  statementTimeoutMs: number;
  /** How often a relay that is not the active one tries to become it. */
  retryMs: number;
  logger: Logger;
  /** A commit was notified while this relay is the active one. */
  onNotify(): void;
  /** This relay became (true) or stopped being (false) the active one. */
  onLeadership(leading: boolean): void;
}

/** A standby tries the lock on a commit's NOTIFY at most this often (and every `retryMs` regardless). */
const NOTIFY_ATTEMPT_INTERVAL_MS = 100;
/** The client gives up on an answer this long after the server's statement timeout would have. */
const QUERY_TIMEOUT_MARGIN_MS = 1000;
const SERVER_KEEPALIVES = '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3';

/**
 * The relay's own PostgreSQL session (never a pooled connection): it LISTENs for commits and holds
 * the schema's session-level advisory lock (`try_lead_outbox`) while this replica is the one that
 * publishes. PostgreSQL releases the lock the moment the session ends — the process killed, the
 * connection cut — so a standby, which tries every `retryMs` and on every NOTIFY, takes over within
 * about a second, at once while commits are flowing. The active relay's statements run on this same
 * session: once it is gone, they fail, and nothing is marked by a relay that no longer leads.
 */
export class RelayLeader {
  private client?: Client;
  private leading = false;
  private running = false;
  private timer?: NodeJS.Timeout;
  private attempting?: Promise<void>;
  private lastAttempt = 0;
  /** Said once per outage, not on every retry. */
  private unreachable = false;

  constructor(private readonly options: RelayLeaderOptions) {}

  /** Starts trying to lead; resolves after the first attempt (which may fail: it is retried). */
  async start(): Promise<void> {
    this.running = true;
    this.timer = setInterval(() => this.attempt(), this.options.retryMs);
    this.attempt();
    await this.attempting;
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    await this.attempting;
    if (this.client) await this.lost(this.client);
  }

  get isLeading(): boolean {
    return this.leading;
  }

  /** A stored-function call on the leading session; refused when this relay does not lead. */
  async call<Row>(fn: string, args?: SqlArgs): Promise<Row[]> {
    const client = this.client;
    if (!this.leading || !client) throw new Error('not the active outbox relay');
    const { text, values } = buildCall(fn, args);
    try {
      const { rows } = await client.query<Record<string, unknown>>(text, values);
      return rows.map((row) => mapRow<Row>(row));
    } catch (error) {
      throw fromPgError(error);
    }
  }

  private attempt(): void {
    if (!this.running || this.leading || this.attempting) return;
    this.lastAttempt = Date.now();
    this.attempting = this.tryLead().finally(() => {
      this.attempting = undefined;
    });
  }

  private async tryLead(): Promise<void> {
    try {
      const client = this.client ?? (await this.connect());
      if (!client) return;
      const { text } = buildCall(`${this.options.schema}.try_lead_outbox`);
      const { rows } = await client.query<{ try_lead_outbox: boolean }>(text);
      this.unreachable = false;
      // A session that died meanwhile took its lock with it.
      if (!rows[0]?.try_lead_outbox || this.client !== client || !this.running) return;
      this.leading = true;
      this.options.onLeadership(true);
    } catch (error) {
      if (!this.unreachable) {
        this.options.logger.warn(
          { err: error },
          'outbox relay cannot reach PostgreSQL; retrying every second',
        );
      }
      this.unreachable = true;
    }
  }

  private async connect(): Promise<Client | undefined> {
    const { schema, logger } = this.options;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: `${schema}-outbox`,
      statement_timeout: this.options.statementTimeoutMs,
      query_timeout: this.options.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
      // A peer that vanished without closing (a partition, a host gone) is noticed by both ends
      // within about 25 s — PostgreSQL then frees the lock — instead of after the OS's two hours.
      options: `${SESSION_OPTIONS} ${SERVER_KEEPALIVES}`,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('error', (error) => {
      logger.warn({ err: error }, 'outbox relay lost its PostgreSQL session');
      void this.lost(client);
    });
    client.on('end', () => void this.lost(client));
    client.on('notification', () => this.notified());
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen "${schema}_outbox"`);
    } catch (error) {
      await this.lost(client);
      throw error;
    }
    if (this.client !== client || !this.running) {
      // Lost while connecting, or stop() ran meanwhile: it must not outlive the relay.
      await this.lost(client);
      return undefined;
    }
    return client;
  }

  /** Forgets a session that ended or failed (its lock is gone with it); resolves once it is closed. */
  private lost(client: Client): Promise<void> {
    if (this.client !== client) return Promise.resolve();
    this.client = undefined;
    const closed = client.end().catch(() => undefined);
    if (this.leading) {
      this.leading = false;
      this.options.onLeadership(false);
    }
    return closed;
  }

  private notified(): void {
    if (this.leading) this.options.onNotify();
    else if (Date.now() - this.lastAttempt >= NOTIFY_ATTEMPT_INTERVAL_MS) this.attempt();
  }
}
