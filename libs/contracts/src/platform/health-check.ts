import { z } from 'zod';
import { defineCommand } from '../common/define';
import type { ServiceName } from '../common/service-names';
import { empty } from '../common/schemas';

export const healthReport = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
});
export type HealthReport = z.output<typeof healthReport>;

/** Every service answers `<prefix>.cmd.<service>.health.check.v1` with its own readiness. */
export const healthCheckCommand = (service: ServiceName) =>
  defineCommand({
    service,
    name: 'health.check',
    version: 1,
    summary: `Readiness of ${service}: its PostgreSQL and NATS connections`,
    request: empty,
    response: healthReport,
  });
