import type { NatsConnection } from '@nats-io/transport-node';
import type { Pool } from 'pg';
import type { NatsServer } from '../infra/nats-server';
import type { PostgresServer } from '../infra/postgres-server';
import type { Suite } from '../infra/suite';
import type { Fixture } from '../load/fixture';

export type FaultKind = 'kill' | 'nats' | 'postgres' | 'poison';

/** One fault as it happened. */
export interface FaultWindow {
  label: string;
  kind: FaultKind;
  /** When the fault began (epoch ms). */
  startedAt: number;
  /** When it was removed: the kill itself (the app is started again at once), a server started again. */
  clearedAt: number;
  /** What was done, for the notes under the table. */
  detail: string;
}

export interface PoisonSent {
  kind: 'garbage' | 'non-envelope' | 'invalid data';
  stream: string;
  seq: number;
}

/** What a fault acts on. */
export interface ChaosContext {
  suite: Suite;
  nats: NatsServer;
  postgres: PostgresServer;
  /** The run's own connections to its database (not the apps'), for looking. */
  db: Pool;
  /** The run's own NATS connection (reconnects forever). */
  nc: NatsConnection;
  prefix: string;
  fixture: Fixture;
  /** Filled by the poison scenario. */
  poison: PoisonSent[];
}

export interface Scenario {
  label: string;
  kind: FaultKind;
  inject(context: ChaosContext): Promise<FaultWindow>;
}
