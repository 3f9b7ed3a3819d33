import type { Logger, Metrics } from '@vv/platform';
import type { FastifyInstance } from 'fastify';
import type { InFlightLimit } from '../rate-limit/in-flight-limit';
import type { RateLimits } from '../rate-limit/rate-limits';
import { PROBLEM_CONTENT_TYPE, problemOf } from '../problems/problem';
import { REQUEST_ID_HEADER } from './request-id';

const AT_CAPACITY = 'The gateway is at capacity; retry shortly';

export interface HttpHooksOptions {
  limits: RateLimits;
  inFlight: InFlightLimit;
  logger: Logger;
  metrics: Metrics;
}

const API_PREFIX = '/v1/';
const OPS_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Cross-cutting work on every request, unknown routes included: the request id echoed back, the
 * per-IP limits on /v1 and, while the replica is at capacity, a 503 (before the body is read or the
 * token verified: the cheapest refusal), one log line and one histogram sample. A request takes an
 * in-flight slot later, in the AdmissionGuard, once it has fully arrived and its caller is known.
 */
export function registerHttpHooks(
  fastify: FastifyInstance,
  { limits, inFlight, logger, metrics }: HttpHooksOptions,
): void {
  const duration = metrics.histogram('vv_http_request_duration_seconds', 'Time to answer an HTTP request', [
    'method',
    'route',
    'status',
  ]);

  fastify.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    const path = request.url.split('?', 1)[0];
    if (!path.startsWith(API_PREFIX)) return;
    limits.takeForIp(request.ip, path);
    if (!inFlight.shedOnArrival()) return;
    // Answered here, as the problem filter would answer InFlightLimit's `unavailable`, without
    // building an exception: under overload most requests end here.
    const problem = problemOf({ code: 'unavailable', detail: AT_CAPACITY, requestId: request.id });
    return reply
      .code(problem.status)
      .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
      .header('retry-after', '1')
      .send(JSON.stringify(problem));
  });

  fastify.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the URL: bounded label values, and no tokens from query strings in logs.
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const durationMs = reply.elapsedTime;
    duration.observe({ method: request.method, route, status: String(status) }, durationMs / 1000);
    const line = {
      method: request.method,
      route,
      status,
      durationMs: Math.round(durationMs * 10) / 10,
      requestId: request.id,
    };
    if (OPS_PATHS.has(route)) logger.debug(line, 'request');
    else logger.info(line, 'request');
  });
}
