import { healthCheckCommand, type ServiceName } from '@vv/contracts';
import type { Health, NatsClientProxy } from '@vv/platform';

const SERVICE_CHECK_TIMEOUT_MS = 1500;

/** The gateway is ready when every service it routes to answers its health check as `ok`. */
export function addServiceChecks(
  health: Health,
  rpc: NatsClientProxy,
  services: readonly ServiceName[],
): void {
  for (const service of services) {
    health.add(service, async () => {
      const report = await rpc.call(healthCheckCommand(service), {}, { timeoutMs: SERVICE_CHECK_TIMEOUT_MS });
      if (report.status !== 'ok') {
        const failing = Object.entries(report.checks)
          .filter(([, check]) => !check.ok)
          .map(([name, check]) => `${name}: ${check.detail ?? 'failing'}`);
        throw new Error(`degraded (${failing.join('; ')})`);
      }
    });
  }
}
