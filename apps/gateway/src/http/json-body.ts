import { jsonNestsDeeperThan, tooDeepError } from '@vv/platform';
import type { FastifyInstance } from 'fastify';

const JSON_TYPE = 'application/json';

/**
 * Replaces Fastify's JSON body parser with one that refuses nesting deeper than JSON_MAX_DEPTH
 * (400 `invalid`) before JSON.parse — so no recursive code (the `data` size check, zod, a stored
 * function) ever sees such a value — and reads an empty body as no body, so a POST whose fields
 * are all optional may be sent without one. Prototype poisoning is still refused as before.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(JSON_TYPE);
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    if (jsonNestsDeeperThan(text)) {
      done(tooDeepError(), undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}
