import { createConnection } from 'node:net';
import type { Dependency, ResolvedDependency } from './dependency';
import { redact } from './util';

const HOST = '127.0.0.1';
const PORT = 6379;

/** Whether a Redis answers PING on host:port (Redis greets no one, so it is asked). */
function answersPing(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    let received = '';
    const finish = (ok: boolean): void => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (received.includes('\r\n')) finish(received.startsWith('+PONG'));
    });
    socket.on('error', () => finish(false));
  });
}

/**
 * Redis for the read cache, optional: REDIS_URL from the environment, else the server on
 * 127.0.0.1:6379 when it answers, else none (each app then caches reads in its own memory).
 * Nothing else needs Redis, and `npm start` never starts one.
 */
export function redis(fromEnv = process.env.REDIS_URL): Dependency {
  return {
    name: 'Redis',
    envVar: 'REDIS_URL',
    async resolve(): Promise<ResolvedDependency> {
      if (fromEnv) return { env: { REDIS_URL: fromEnv }, origin: 'env', summary: redact(fromEnv) };
      if (await answersPing(HOST, PORT)) {
        const url = `redis://${HOST}:${PORT}`;
        return {
          env: { REDIS_URL: url },
          origin: 'localhost',
          summary: `${url} (read cache shared by the apps)`,
        };
      }
      return { env: {}, origin: 'localhost', summary: 'none: each app caches reads in its own memory' };
    },
  };
}
