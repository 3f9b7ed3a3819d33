/**
 * The transport scenario's server: answers the echo either through the project's Nest transport
 * (a `@Command` controller on NatsTransport: validation, context, metrics, Nest's handler pipeline,
 * what every service does) or with a bare subscription that responds with the request's bytes.
 */
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { connect } from '@nats-io/transport-node';
import type { ParsedRequestOf, ResponseOf } from '@vv/contracts';
import { Command, createLogger, Metrics, NatsTransport, startCommandServer } from '@vv/platform';
import { benchEcho, rawEchoSubject } from './echo-command';
import { announceReady, exitWithParent, serverConfig } from './server-config';

export interface EchoServerConfig {
  mode: 'rpc' | 'raw';
  natsUrl: string;
  prefix: string;
}

@Controller()
class EchoHandler {
  @Command(benchEcho)
  echo(@Payload() { text }: ParsedRequestOf<typeof benchEcho>): Promise<ResponseOf<typeof benchEcho>> {
    return Promise.resolve({ text });
  }
}

async function main(): Promise<void> {
  const config = serverConfig<EchoServerConfig>();
  const nc = await connect({
    servers: config.natsUrl,
    name: `bench-echo-server-${config.mode}`,
    noAsyncTraces: true,
  });
  if (config.mode === 'rpc') {
    const transport = new NatsTransport({
      nc,
      service: 'identity',
      prefix: config.prefix,
      logger: createLogger('bench-echo', 'warn'),
      metrics: new Metrics('identity'),
      defaultTimeoutMs: 5000,
    });
    await startCommandServer(transport, [EchoHandler]);
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
