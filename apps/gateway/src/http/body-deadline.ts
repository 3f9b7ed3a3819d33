import { PassThrough } from 'node:stream';
import { ServiceError } from '@vv/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const hasBody = (request: FastifyRequest): boolean => {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
};

/**
 * A request body must arrive within `timeoutMs` of its headers. A client that announces a body and
 * trickles it (or stops) is answered 408 `request_timeout` and its connection closed, so a slow
 * sender ties up neither a socket nor the request's memory for longer than that. The body is read
 * before the request is admitted (token, in-flight slot), so a stalled body never holds a slot.
 */
export function registerBodyDeadline(fastify: FastifyInstance, timeoutMs: number): void {
  fastify.addHook('preParsing', async (request, reply, payload) => {
    if (!hasBody(request)) return payload;
    const guarded = new PassThrough();
    const timer = setTimeout(() => {
      reply.header('connection', 'close');
      payload.unpipe(guarded);
      guarded.destroy(
        new ServiceError('request_timeout', `The request body did not arrive within ${timeoutMs} ms`),
      );
    }, timeoutMs);
    timer.unref();
    const clear = (): void => clearTimeout(timer);
    guarded.once('end', clear);
    guarded.once('close', clear);
    reply.raw.once('close', clear);
    payload.once('error', (error: Error) => guarded.destroy(error));
    return payload.pipe(guarded);
  });
}
