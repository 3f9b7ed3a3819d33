import type { HealthReport } from '@vv/contracts';

/** Resolves when the dependency is usable, rejects with the reason when it is not. */
export type HealthCheck = () => Promise<void>;

const CHECK_TIMEOUT_MS = 2000;

type CheckResult = HealthReport['checks'][string];

/** The readiness checks of one app: its database, NATS, and for the gateway every service. */
export class Health {
  private readonly checks = new Map<string, HealthCheck>();

  add(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async report(): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
        });
        try {
          await Promise.race([check(), timeout]);
          return [name, { ok: true }] as [string, CheckResult];
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          return [name, { ok: false, detail }] as [string, CheckResult];
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks: HealthReport['checks'] = Object.fromEntries(entries);
    return { status: entries.every(([, result]) => result.ok) ? 'ok' : 'degraded', checks };
  }
}
