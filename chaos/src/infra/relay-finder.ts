import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { AppProcess } from './app-process';
import { processOwningPort } from './socket-owner';

export interface RelayReplica {
  app: AppProcess;
  /** How it was told apart, for the table's notes. */
  how: string;
}

interface Session {
  clientPort: number;
  applicationName: string;
  holdsAdvisoryLock: boolean;
}

/** Sessions of the run's database, with whether each holds a session-level advisory lock. */
async function sessions(db: Pool): Promise<Session[]> {
  const { rows } = await db.query<Session>(
    `select a.client_port as "clientPort", a.application_name as "applicationName",
            exists (select 1 from pg_locks l
                     where l.pid = a.pid and l.locktype = 'advisory' and l.granted) as "holdsAdvisoryLock"
       from pg_stat_activity a
      where a.datname = current_database() and a.client_port is not null and a.pid <> pg_backend_pid()`,
  );
  return rows;
}

/**
 * The replica of `service` whose outbox relay publishes now. A relay that is the one active publisher
 * holds a session-level advisory lock on its own connection: the replica owning that connection (found
 * through /proc) is it. When every replica relays (no such lock), any replica with a relay connection
 * (`application_name` naming the outbox) is, and the first is picked.
 */
export async function findActiveRelay(
  db: Pool,
  replicas: readonly AppProcess[],
  schema: string,
): Promise<RelayReplica> {
  const owner = (port: number): AppProcess | undefined => {
    const pid = processOwningPort(
      port,
      replicas.flatMap((app) => (app.pid ? [app.pid] : [])),
    );
    return replicas.find((app) => app.pid !== undefined && app.pid === pid);
  };
  const relaySessions = (await sessions(db)).filter(
    (session) => session.applicationName.startsWith(schema) && /outbox|relay/.test(session.applicationName),
  );
  const lockHolders = new Set(
    relaySessions.filter((s) => s.holdsAdvisoryLock).flatMap((s) => owner(s.clientPort) ?? []),
  );
  if (lockHolders.size === 1) return { app: [...lockHolders][0], how: 'holds the relay lock' };
  const relaying = new Set(relaySessions.flatMap((s) => owner(s.clientPort) ?? []));
  if (relaying.size === 1) return { app: [...relaying][0], how: 'the only relay' };
  const app = relaying.size ? [...relaying][0] : replicas[0];
  return {
    app,
    how: relaying.size > 1 ? `${relaying.size} replicas relay at once` : 'no relay connection seen',
  };
}

/**
 * Waits (at most `timeoutMs`) until the outbox holds an event not yet published, so a kill lands while
 * the relay has work in hand. False when none showed up.
 */
export async function waitForPendingEvent(db: Pool, schema: string, timeoutMs: number): Promise<boolean> {
  const client = await db.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ pending: boolean }>(
        `select exists (select 1 from ${schema}.outbox where published_at is null) as pending`,
      );
      if (rows[0].pending) return true;
      await sleep(2);
    }
    return false;
  } finally {
    client.release();
  }
}
