import 'reflect-metadata';
import { createServiceApp, loadConfig, type RunningApp } from '@vv/platform';
import { gatewayConfigSchema } from './config';
import { GatewayModule } from './gateway.module';
import { addServiceChecks } from './health/service-checks';
import { registerHttpHooks } from './observability/http-hooks';
import { requestIdOf } from './observability/request-id';
import { registerBodyDeadline } from './http/body-deadline';
import { limitConnectionsPerAddress } from './http/connection-limit';
import { registerJsonBodyParser } from './http/json-body';
import { InFlightLimit } from './rate-limit/in-flight-limit';
import { RateLimits } from './rate-limit/rate-limits';
import { StreamWebSocket } from './stream/stream.websocket';

/** Only JSON bodies are accepted; these parsers (Fastify's and Nest's defaults) go, so they answer 415. */
const NON_JSON_CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded'];

/** How much longer than headers + body Node waits before it cuts a request off itself. */
const BACKSTOP_MARGIN_MS = 5000;

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
      // Node's own deadlines (answered 408 by Node): the headers, and the whole request as a backstop
      // behind the body deadline; checked every second rather than Node's default 30 s.
      http: {
        headersTimeout: config.HEADERS_TIMEOUT_MS,
        requestTimeout: config.HEADERS_TIMEOUT_MS + config.BODY_TIMEOUT_MS + BACKSTOP_MARGIN_MS,
        connectionsCheckingInterval: 1000,
      },
      requestTimeout: config.HEADERS_TIMEOUT_MS + config.BODY_TIMEOUT_MS + BACKSTOP_MARGIN_MS,
    },
    configure: (app, services) => {
      const fastify = app.getHttpAdapter().getInstance();
      for (const type of NON_JSON_CONTENT_TYPES) {
        if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
      }
      registerJsonBodyParser(fastify);
      registerBodyDeadline(fastify, config.BODY_TIMEOUT_MS);
      registerHttpHooks(fastify, {
        limits: app.get(RateLimits),
        inFlight: app.get(InFlightLimit),
        logger: services.logger,
        metrics: services.metrics,
      });
      // Behind a trusted proxy every connection comes from the proxy, which limits its own clients.
      if (!config.TRUST_PROXY) {
        limitConnectionsPerAddress(
          app.getHttpServer(),
          config.MAX_CONNECTIONS_PER_IP,
          services.metrics.counter(
            'vv_http_connections_refused_total',
            'Connections closed at once: too many open from one address',
            [],
          ),
        );
      }
      addServiceChecks(services.health, services.client, config.SERVICES);
      // GET /v1/stream: WebSocket upgrades on the same server (its sockets close with the app).
      app.get(StreamWebSocket).attach(app.getHttpServer());
    },
  });
}
