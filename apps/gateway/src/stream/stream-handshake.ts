import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ServiceError } from '@vv/platform';
import { bearerTokenOf } from '../auth/access-token.verifier';

// Reading the HTTP upgrade request of `GET /v1/stream`, before there is a WebSocket.

/** Answers an upgrade that is not accepted with a bare HTTP status and drops the socket. */
export function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/** The access token: the Authorization header, else `?access_token=` (browsers cannot set headers). */
export function tokenOf(request: IncomingMessage, url: URL): string | ServiceError {
  try {
    if (request.headers.authorization) return bearerTokenOf(request.headers.authorization);
    const fromQuery = url.searchParams.get('access_token');
    if (fromQuery) return fromQuery;
    return bearerTokenOf(undefined);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
}

/** The client's address: the socket's, or X-Forwarded-For's first entry behind a trusted proxy (TRUST_PROXY). */
export function clientIpOf(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  if (trustProxy && first) return first;
  return request.socket.remoteAddress ?? 'unknown';
}
