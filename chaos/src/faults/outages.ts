import { setTimeout as sleep } from 'node:timers/promises';
import type { StopMode } from '../infra/postgres-server';
import type { ChaosContext, FaultKind, Scenario } from './scenario';

/** A server down for `seconds`, then started again; the fault is cleared once it is up. */
function outage(
  label: string,
  kind: FaultKind,
  seconds: number,
  server: (context: ChaosContext) => { stop(): Promise<void>; start(): Promise<void> },
): Scenario {
  return {
    label,
    kind,
    inject: async (context) => {
      const target = server(context);
      const startedAt = Date.now();
      await target.stop();
      await sleep(Math.max(0, startedAt + seconds * 1000 - Date.now()));
      await target.start();
      const clearedAt = Date.now();
      const detail = `down ${((clearedAt - startedAt) / 1000).toFixed(1)} s`;
      return { label, kind, startedAt, clearedAt, detail };
    },
  };
}

/** NATS down for `seconds` (SIGTERM), then started again on the same JetStream store. */
export const natsOutage = (seconds: number): Scenario =>
  outage(`NATS stopped ${seconds} s`, 'nats', seconds, ({ nats }) => nats);

/** `pg_ctl stop -m <mode>`, down for `seconds`, then started again (crash recovery after immediate). */
export const postgresOutage = (mode: StopMode, seconds: number): Scenario =>
  outage(`PostgreSQL stop -m ${mode}`, 'postgres', seconds, ({ postgres }) => ({
    stop: () => postgres.stop(mode),
    start: () => postgres.start(),
  }));
