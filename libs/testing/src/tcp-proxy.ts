import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** `host:port` clients connect to instead of the target. */
  host: string;
  port: number;
  /** Rewrites a URL's host and port to the proxy's (e.g. a DATABASE_URL). */
  via(url: string): string;
  /** An outage: every connection is cut at once, and new ones are refused until `restore`. */
  cut(): Promise<void>;
  /** The target is reachable again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a real service (PostgreSQL, say), so a test can make the service vanish
 * — connections reset, connects refused — exactly as an outage does, and come back, without
 * touching the server that other tests share.
 */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const listening = createServer((client) => {
        const upstream = connect(targetPort, targetHost);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.once('close', () => {
            sockets.delete(socket);
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        const address = listening.address();
        if (typeof address === 'object' && address) port = address.port;
        server = listening;
        resolve();
      });
    });

  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      const closing = server;
      server = undefined;
      for (const socket of sockets) socket.resetAndDestroy();
      sockets.clear();
      if (!closing) resolve();
      else closing.close(() => resolve());
    });

  await listen();
  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    via(url: string): string {
      const rewritten = new URL(url);
      rewritten.hostname = '127.0.0.1';
      rewritten.port = String(port);
      return rewritten.toString();
    },
    cut: stop,
    restore: listen,
    close: stop,
  };
}
