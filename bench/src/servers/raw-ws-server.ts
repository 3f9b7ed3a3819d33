/**
 * The fan-out scenario's raw arm: a bare `ws` server that, once per interval, serialises one event
 * message and sends the same string to every connected client — the ceiling for any WebSocket
 * fan-out in Node on this machine.
 */
import { WebSocketServer } from 'ws';
import { announceReady, exitWithParent, serverConfig } from './server-config';

export interface RawWsServerConfig {
  port: number;
}

interface Command {
  type: 'broadcast';
  count: number;
  intervalMs: number;
}

function main(): void {
  const config = serverConfig<RawWsServerConfig>();
  const server = new WebSocketServer({ port: config.port, host: '127.0.0.1' });
  process.on('message', (command: Command) => {
    let seq = 0;
    const timer = setInterval(() => {
      const message = JSON.stringify({
        type: 'event',
        id: String(seq),
        event: {
          type: 'raw.broadcast',
          occurredAt: new Date().toISOString(),
          data: { body: `fanout-${seq}` },
        },
      });
      for (const client of server.clients) client.send(message);
      seq++;
      if (seq >= command.count) clearInterval(timer);
    }, command.intervalMs);
  });
  server.on('listening', () => announceReady());
  exitWithParent(
    () =>
      new Promise<void>((done) => {
        for (const client of server.clients) client.terminate();
        server.close(() => done());
      }),
  );
}

main();
