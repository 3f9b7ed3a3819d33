import type { Health, NatsClientProxy } from '@vv/platform';
import { Health as HealthImpl } from '@vv/platform';
import { addServiceChecks } from './service-checks';

const rpcAnswering = (answer: () => Promise<unknown>): NatsClientProxy =>
  ({ call: jest.fn(answer) }) as unknown as NatsClientProxy;

describe('addServiceChecks', () => {
  let health: Health;

  beforeEach(() => {
    health = new HealthImpl();
  });

  it('is ready when the service reports ok', async () => {
    const rpc = rpcAnswering(() => Promise.resolve({ status: 'ok', checks: {} }));
    addServiceChecks(health, rpc, ['identity']);
    await expect(health.report()).resolves.toEqual({ status: 'ok', checks: { identity: { ok: true } } });
    expect(rpc.call).toHaveBeenCalledWith(
      expect.objectContaining({ service: 'identity', name: 'health.check' }),
      {},
      expect.anything(),
    );
  });

  it('is not ready when the service reports degraded, naming the failing check', async () => {
    const rpc = rpcAnswering(() =>
      Promise.resolve({
        status: 'degraded',
        checks: { postgres: { ok: false, detail: 'down' }, nats: { ok: true } },
      }),
    );
    addServiceChecks(health, rpc, ['identity']);
    const report = await health.report();
    expect(report.status).toBe('degraded');
    expect(report.checks.identity).toEqual({ ok: false, detail: 'degraded (postgres: down)' });
  });

  it('is not ready when the service does not answer', async () => {
    addServiceChecks(
      health,
      rpcAnswering(() => Promise.reject(new Error('identity.health.check.v1 is not available'))),
      ['identity'],
    );
    expect((await health.report()).status).toBe('degraded');
  });
});
