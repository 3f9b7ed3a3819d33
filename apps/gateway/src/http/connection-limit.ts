import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Counter } from 'prom-client';

const REFUSAL_BODY = JSON.stringify({
  type: 'urn:virtual-village:problem:rate_limited',
  title: 'Too many requests',
  status: 429,
  code: 'rate_limited',
  detail: 'Too many open connections from this address',
});

/** What a refused connection reads before it is closed (it may not have sent its request yet). */
const TOO_MANY_CONNECTIONS = [
  'HTTP/1.1 429 Too Many Requests',
  'Content-Type: application/problem+json; charset=utf-8',
  `Content-Length: ${Buffer.byteLength(REFUSAL_BODY)}`,
  'Retry-After: 1',
  'Connection: close',
  '',
  REFUSAL_BODY,
].join('\r\n');

/**
 * At most `max` open TCP connections per peer address: one more is answered 429 and closed at
 * once, so one address cannot take every socket the server can hold. Counted on the TCP peer, so it
 * applies where the gateway faces clients directly (behind a proxy the proxy is the peer, and the
 * proxy limits its clients).
 */
export function limitConnectionsPerAddress(server: Server, max: number, refused: Counter): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = open.get(address) ?? 0;
    if (count >= max) {
      refused.inc();
      socket.end(TOO_MANY_CONNECTIONS);
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
