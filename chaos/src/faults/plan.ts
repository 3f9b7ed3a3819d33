import { killActiveRelay, killApp, killStandbyReplica } from './kill';
import { natsOutage, postgresOutage } from './outages';
import { poison } from './poison';
import type { Scenario } from './scenario';

export interface Plan {
  name: 'quick' | 'full';
  /** Posts started per second, throughout. */
  rate: number;
  /** Load before the first fault (the steady state the first figures come from). */
  warmupMs: number;
  /** Between one fault's end and the next fault. */
  gapMs: number;
  /** How long, once the load stopped, every store gets to catch up before what is missing counts as lost. */
  drainMs: number;
  scenarios: Scenario[];
}

const POSTGRES_DOWN_SECONDS = 5;

/** Under 5 minutes: one kill of each kind of process that matters for a write, every outage once. */
const QUICK: Plan = {
  name: 'quick',
  rate: 20,
  warmupMs: 20_000,
  gapMs: 12_000,
  drainMs: 60_000,
  scenarios: [
    poison(),
    killActiveRelay('messaging'),
    killApp('notifications'),
    killApp('gateway'),
    natsOutage(5),
    postgresOutage('fast', POSTGRES_DOWN_SECONDS),
    postgresOutage('immediate', POSTGRES_DOWN_SECONDS),
  ],
};

/** Every service killed (the active relay three times: 11 kills), both NATS outages, both PostgreSQL stops. */
const FULL: Plan = {
  name: 'full',
  rate: 25,
  warmupMs: 30_000,
  gapMs: 30_000,
  drainMs: 300_000,
  scenarios: [
    poison(),
    killActiveRelay('messaging'),
    killApp('notifications'),
    killApp('gateway'),
    killApp('identity'),
    natsOutage(5),
    killActiveRelay('messaging'),
    killApp('calendar'),
    killApp('files'),
    killStandbyReplica('messaging'),
    postgresOutage('fast', POSTGRES_DOWN_SECONDS),
    killActiveRelay('messaging'),
    killApp('notifications'),
    killApp('gateway'),
    natsOutage(30),
    postgresOutage('immediate', POSTGRES_DOWN_SECONDS),
  ],
};

export function planFor(quick: boolean, rate?: number): Plan {
  const plan = quick ? QUICK : FULL;
  return rate === undefined ? plan : { ...plan, rate };
}
