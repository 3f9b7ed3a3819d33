import type { FastifyInstance } from 'fastify';
import type { Health } from './health';
import type { Metrics } from './metrics';

/** `/health/live`, `/health/ready` and `/metrics`, served by every app on its HTTP port. */
export function registerOpsRoutes(fastify: FastifyInstance, health: Health, metrics: Metrics): void {
  fastify.get('/health/live', { logLevel: 'silent' }, (_request, reply) => reply.send({ status: 'ok' }));
  fastify.get('/health/ready', { logLevel: 'silent' }, async (_request, reply) => {
    const report = await health.report();
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });
  fastify.get('/metrics', { logLevel: 'silent' }, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.text()),
  );
}
