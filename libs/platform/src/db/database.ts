import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool, PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ServiceError } from '../errors/service-error';
import { fromPgError } from '../errors/sqlstate';
import { currentRequestContext } from '../logging/logger';
import { buildCall, mapRow, statementName, type SqlArgs } from './sql-call';

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  idleTimeoutMs: number;
  /**
   * How long a call waits for a connection (a free one from the pool, or a new one) before
   * `unavailable`; the statement timeout when absent.
   */
  connectTimeoutMs?: number;
  applicationName: string;
}

/** Calls stored functions; the same interface inside and outside a transaction. */
export interface SqlCaller {
  /** All rows the function returns. */
  call<Row>(fn: string, args?: SqlArgs): Promise<Row[]>;
  /** The first row, or `not_found` when there is none. */
  one<Row>(fn: string, args?: SqlArgs): Promise<Row>;
  /** The first row, or undefined. */
  maybeOne<Row>(fn: string, args?: SqlArgs): Promise<Row | undefined>;
}

/** Pool connections that already carry the checked-out error listener. */
const listened = new WeakSet<PoolClient>();
const ignore = (): void => undefined;

/** PostgreSQL refuses a prepared statement whose result columns changed since it was prepared. */
const isStalePlan = (error: unknown): error is Error =>
  error instanceof Error &&
  (error as { code?: unknown }).code === '0A000' &&
  error.message.includes('cached plan must not change result type');

type Query = (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

class Caller implements SqlCaller {
  constructor(private readonly query: Query) {}

  async call<Row>(fn: string, args?: SqlArgs): Promise<Row[]> {
    // The request being served (a command, or the event a consumer handles) goes with the call, so
    // the events the function writes carry its request id and trace context.
    const { text, values } = buildCall(fn, args, currentRequestContext());
    try {
      const rows = await this.query(text, values);
      return rows.map((row) => mapRow<Row>(row));
    } catch (error) {
      throw fromPgError(error);
    }
  }

  async one<Row>(fn: string, args?: SqlArgs): Promise<Row> {
    const row = await this.maybeOne<Row>(fn, args);
    if (row === undefined) throw new ServiceError('not_found', 'Not found');
    return row;
  }

  async maybeOne<Row>(fn: string, args?: SqlArgs): Promise<Row | undefined> {
    const rows = await this.call<Row>(fn, args);
    return rows[0];
  }
}

/**
 * Settings every service connection starts with (libpq's `options`). JIT is off: a service runs
 * short indexed statements, and PostgreSQL decides on JIT from the *estimated* cost — a SQL
 * function's generic plan on a table of 10^6 rows passes `jit_above_cost` and spent hundreds of
 * milliseconds compiling for a 0.5 ms page (docs/performance.md, scale).
 */
export const SESSION_OPTIONS = '-c jit=off';

/**
 * One pool per service, through a TypeORM DataSource. Every statement runs under the pool's
 * statement timeout; a connection is held only for the duration of one call or transaction.
 */
export class Database implements SqlCaller {
  readonly dataSource: DataSource;
  private readonly caller: Caller;
  /** The transaction `withinTransaction` opened, which every call of its async context joins. */
  private readonly ambient = new AsyncLocalStorage<SqlCaller>();

  constructor(readonly options: DatabaseOptions) {
    this.dataSource = new DataSource({
      type: 'postgres',
      url: options.url,
      poolSize: options.poolSize,
      applicationName: options.applicationName,
      extra: {
        max: options.poolSize,
        idleTimeoutMillis: options.idleTimeoutMs,
        statement_timeout: options.statementTimeoutMs,
        connectionTimeoutMillis: options.connectTimeoutMs ?? options.statementTimeoutMs,
        options: SESSION_OPTIONS,
      },
    });
    this.caller = new Caller((text, values) => this.poolQuery(text, values));
  }

  /**
   * A call outside a transaction: one statement on a connection of TypeORM's pool, without a query
   * runner (TypeORM's `query` builds one per call, with its logger and subscriber broadcasts) and
   * as a named prepared statement (parsed once per connection). The connection goes back without
   * an error even when the statement failed: a function's refusal leaves it healthy, and pg-pool
   * drops one whose socket is gone by itself.
   */
  private async poolQuery(text: string, values: unknown[]): Promise<Record<string, unknown>[]> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool | undefined;
    if (!pool) return this.dataSource.query(text, values);
    const client = await pool.connect();
    if (!listened.has(client)) {
      // A socket error while the connection is checked out is an 'error' event with no listener
      // of pg-pool's (a crash); the statement itself rejects with it, which is what the caller sees.
      client.on('error', ignore);
      listened.add(client);
    }
    let stale: Error | undefined;
    try {
      return (await client.query<Record<string, unknown>>({ name: statementName(text), text, values })).rows;
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      stale = error;
    } finally {
      client.release(stale);
    }
    // A function's result columns changed under a statement this connection had prepared (a
    // deploy's migration): the connection went with its statements; this call runs unprepared.
    return this.dataSource.query(text, values);
  }

  async connect(): Promise<void> {
    if (!this.dataSource.isInitialized) await this.dataSource.initialize();
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  call<Row>(fn: string, args?: SqlArgs): Promise<Row[]> {
    return this.current().call<Row>(fn, args);
  }

  one<Row>(fn: string, args?: SqlArgs): Promise<Row> {
    return this.current().one<Row>(fn, args);
  }

  maybeOne<Row>(fn: string, args?: SqlArgs): Promise<Row | undefined> {
    return this.current().maybeOne<Row>(fn, args);
  }

  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Inside
   * `withinTransaction` it joins that transaction instead of opening another.
   */
  async transaction<T>(work: (tx: SqlCaller) => Promise<T>): Promise<T> {
    const joined = this.ambient.getStore();
    if (joined) return work(joined);
    try {
      return await this.dataSource.transaction((manager: EntityManager) =>
        work(new Caller((text, values) => manager.query(text, values))),
      );
    } catch (error) {
      throw fromPgError(error);
    }
  }

  /**
   * Runs `work` in one transaction that every call of this Database made from its async context
   * joins — repositories' calls and their own `transaction`s included — so work written without
   * transactions in mind commits or rolls back as one (an idempotent command and its key). Holds
   * one connection for the whole of `work`, network calls included: use it only where that is the point.
   */
  withinTransaction<T>(work: (tx: SqlCaller) => Promise<T>): Promise<T> {
    return this.transaction((tx) => this.ambient.run(tx, () => work(tx)));
  }

  private current(): SqlCaller {
    return this.ambient.getStore() ?? this.caller;
  }

  async ping(): Promise<void> {
    await this.dataSource.query('select 1');
  }
}
