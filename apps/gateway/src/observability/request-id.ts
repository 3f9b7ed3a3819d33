import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

const SANE_REQUEST_ID = /^[\w.-]{1,128}$/;

/** The caller's `x-request-id` when it is sane (≤ 128 of `[A-Za-z0-9_.-]`), else a fresh UUID. */
export function sanitizeRequestId(value: string | string[] | undefined): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  return candidate !== undefined && SANE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

/** Fastify's `genReqId`: every request's `request.id` is its request id. */
export const requestIdOf = (request: IncomingMessage): string =>
  sanitizeRequestId(request.headers[REQUEST_ID_HEADER]);
