import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

export type { NatsConnection } from '@nats-io/transport-node';

/**
 * One connection per process, shared by request-reply and JetStream. It waits for the first
 * server and then reconnects forever: a NATS restart is an outage to ride out, not a crash.
 */
export async function connectNats(url: string, name: string, logger: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: url.split(',').map((server) => server.trim()),
    name,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: true,
    reconnectTimeWait: 500,
    // Otherwise nats.js builds an Error (a stack trace) up front for every request, JetStream
    // publishes included, in case it times out: measurable CPU on every command and every relayed event.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
        logger.warn({ nats: status.type }, 'nats connection status changed');
      }
    }
  })();
  return nc;
}
