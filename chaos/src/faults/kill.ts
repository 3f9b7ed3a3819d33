import type { ServiceName } from '@vv/contracts';
import type { AppProcess } from '../infra/app-process';
import { findActiveRelay, waitForPendingEvent } from '../infra/relay-finder';
import type { ChaosContext, Scenario } from './scenario';

/** kill -9 of the app `pick` chooses, started again at once as a supervisor would; `detail` says which and why. */
function kill(
  label: string,
  pick: (context: ChaosContext) => Promise<{ app: AppProcess; detail: string }>,
): Scenario {
  return {
    label,
    kind: 'kill',
    inject: async (context) => {
      const { app, detail } = await pick(context);
      const startedAt = Date.now();
      await app.kill9AndRestart();
      await app.waitReady();
      const back = ((Date.now() - startedAt) / 1000).toFixed(1);
      return {
        label,
        kind: 'kill',
        startedAt,
        clearedAt: startedAt,
        detail: `${detail}ready again after ${back} s`,
      };
    },
  };
}

/** One app (replica) by name. */
export const killApp = (name: string): Scenario =>
  kill(`kill -9 ${name}`, (context) => Promise.resolve({ app: context.suite.app(name), detail: '' }));

/** The active outbox relay of `service`, killed while an event waits in its outbox. */
export const killActiveRelay = (service: ServiceName): Scenario =>
  kill(`kill -9 ${service} (active relay)`, async ({ db, suite }) => {
    const relay = await findActiveRelay(db, suite.replicas(service), service);
    const pending = await waitForPendingEvent(db, service, 3000);
    const state = pending ? 'an event pending' : 'outbox empty';
    return { app: relay.app, detail: `${relay.app.name} (${relay.how}), ${state} at the kill; ` };
  });

/** A replica of `service` that is not its active relay (the second one when every replica relays). */
export const killStandbyReplica = (service: ServiceName): Scenario =>
  kill(`kill -9 ${service} (standby replica)`, async ({ db, suite }) => {
    const replicas = suite.replicas(service);
    const relay = await findActiveRelay(db, replicas, service);
    const standby = replicas.find((app) => app !== relay.app) ?? relay.app;
    return { app: standby, detail: `${standby.name}; ` };
  });
