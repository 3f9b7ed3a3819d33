/**
 * The transport scenario's server: answers the echo either through the project's RpcServer
 * (validation, context, metrics: what every service does) or with a bare subscription that
 * responds with the request's bytes.
 */
import { connect } from '@nats-io/transport-node';
import { createLogger, Metrics, RpcServer } from '@vv/platform';
import { benchEcho, rawEchoSubject } from './echo-command';
import { announceReady, exitWithParent, serverConfig } from './server-config';

export interface EchoServerConfig {
  mode: 'rpc' | 'raw';
  natsUrl: string;
  prefix: string;
}

async function main(): Promise<void> {
  const config = serverConfig<EchoServerConfig>();
  const nc = await connect({ servers: config.natsUrl, name: `bench-echo-server-${config.mode}` });
  if (config.mode === 'rpc') {
    const server = new RpcServer({
      nc,
      service: 'identity',
      prefix: config.prefix,
      logger: createLogger('bench-echo', 'warn'),
      metrics: new Metrics('identity'),
      defaultTimeoutMs: 5000,
    });
    server.register(benchEcho, ({ text }) => Promise.resolve({ text }));
  } else {
    nc.subscribe(rawEchoSubject(config.prefix), {
      queue: 'bench-echo',
      callback: (error, msg) => {
        if (!error) msg.respond(msg.data);
      },
    });
  }
  await nc.flush();
  exitWithParent(() => nc.drain());
  announceReady();
}

void main();
