import { Module, type INestMicroservice, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { NatsTransport } from './nats-transport';

/**
 * A Nest microservice of just these `@Command` controllers on `transport`, without the rest of an
 * app: a stand-in service in tests, the bench's echo server. Apps start with `createServiceApp`.
 */
export async function startCommandServer(
  transport: NatsTransport,
  controllers: Type[],
  providers: Provider[] = [],
): Promise<INestMicroservice> {
  @Module({ controllers, providers })
  class CommandServerModule {}

  const server = await NestFactory.createMicroservice<MicroserviceOptions>(CommandServerModule, {
    strategy: transport,
    logger: false,
  });
  await server.listen();
  return server;
}
