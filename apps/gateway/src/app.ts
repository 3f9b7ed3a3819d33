import 'reflect-metadata';
import { createServiceApp, loadConfig, type RunningApp } from '@vv/platform';
import { gatewayConfigSchema } from './config';
import { GatewayModule } from './gateway.module';
import { addServiceChecks } from './health/service-checks';
import { registerHttpHooks } from './observability/http-hooks';
import { requestIdOf } from './observability/request-id';
import { InFlightLimit } from './rate-limit/in-flight-limit';
import { RateLimits } from './rate-limit/rate-limits';
import { StreamWebSocket } from './stream/stream.websocket';

/** Only JSON bodies are accepted; these parsers (Fastify's and Nest's defaults) go, so they answer 415. */
const NON_JSON_CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded'];

/** Starts the HTTP gateway: REST /v1 routed to the services over NATS, docs, health and metrics. */
export async function createGatewayApp(env: NodeJS.ProcessEnv = process.env): Promise<RunningApp> {
  const config = loadConfig(gatewayConfigSchema, env);
  return createServiceApp({
    service: 'gateway',
    config,
    modules: [GatewayModule],
    port: config.PORT,
    host: config.HOST,
    fastify: {
      bodyLimit: config.BODY_LIMIT_BYTES,
      trustProxy: config.TRUST_PROXY,
      requestIdHeader: false,
      genReqId: requestIdOf,
      onProtoPoisoning: 'error',
      onConstructorPoisoning: 'error',
    },
    configure: (app, services) => {
      const fastify = app.getHttpAdapter().getInstance();
      for (const type of NON_JSON_CONTENT_TYPES) {
        if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
      }
      registerHttpHooks(fastify, {
        limits: app.get(RateLimits),
        inFlight: new InFlightLimit(config.MAX_IN_FLIGHT_REQUESTS),
        logger: services.logger,
        metrics: services.metrics,
      });
      addServiceChecks(services.health, services.rpcClient, config.SERVICES);
      // GET /v1/stream: WebSocket upgrades on the same server (its sockets close with the app).
      app.get(StreamWebSocket).attach(app.getHttpServer());
    },
  });
}
