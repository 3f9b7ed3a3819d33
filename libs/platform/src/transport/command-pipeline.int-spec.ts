import {
  Catch,
  Controller,
  UseFilters,
  UseGuards,
  UseInterceptors,
  type CallHandler,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  type INestMicroservice,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { defineCommand, type ParsedRequestOf } from '@vv/contracts';
import { infrastructure, testSubjectPrefix } from '@vv/testing';
import { map, throwError, type Observable } from 'rxjs';
import { z } from 'zod';
import { createLogger } from '../logging/logger';
import { Metrics } from '../ops/metrics';
import { CommandContext } from './command-context';
import { Command } from './command.decorator';
import { startCommandServer } from './command-server';
import { NatsClientProxy } from './nats-client-proxy';
import { NatsTransport } from './nats-transport';

const shout = defineCommand({
  service: 'identity',
  name: 'test.shout',
  version: 1,
  summary: 'Answers a word, through Nest enhancers',
  request: z.object({ word: z.string() }),
  response: z.object({ said: z.string() }),
});

class OutOfWords extends Error {}

/** Lets only signed-in callers through; the guard sees the validated request and the command context. */
class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const rpc = context.switchToRpc();
    return (
      rpc.getContext<CommandContext>().actor !== null &&
      typeof rpc.getData<{ word: string }>().word === 'string'
    );
  }
}

class LoudInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler<{ said: string }>): Observable<{ said: string }> {
    return next.handle().pipe(map(({ said }) => ({ said: `${said.toUpperCase()}!` })));
  }
}

class TrimPipe implements PipeTransform<{ word: string }> {
  transform(value: { word: string }): { word: string } {
    return { word: value.word.trim() };
  }
}

/** A domain error of the handler's own, answered as a contract code by a filter. */
@Catch(OutOfWords)
class OutOfWordsFilter implements ExceptionFilter {
  catch(error: OutOfWords): Observable<never> {
    return throwError(() => ({ code: 'conflict', message: `No words left: ${error.message}` }));
  }
}

describe('a @Command handler in Nest', () => {
  let nc: NatsConnection;
  let server: INestMicroservice;
  let client: NatsClientProxy;
  const actor = { userId: 'u-1', sessionId: 's-1' };

  @Controller()
  @UseGuards(SignedInGuard)
  @UseFilters(OutOfWordsFilter)
  class ShoutHandler {
    @Command(shout)
    @UseInterceptors(LoudInterceptor)
    shout(
      @Payload(TrimPipe) request: ParsedRequestOf<typeof shout>,
      @Ctx() context: CommandContext,
    ): Promise<{ said: string }> {
      if (request.word === 'none') throw new OutOfWords(context.requestId);
      return Promise.resolve({ said: request.word });
    }
  }

  beforeAll(async () => {
    nc = await connect({ servers: (await infrastructure()).natsUrl });
    const common = {
      nc,
      prefix: testSubjectPrefix(),
      metrics: new Metrics('identity'),
      defaultTimeoutMs: 5000,
    };
    const transport = new NatsTransport({
      ...common,
      service: 'identity',
      logger: createLogger('identity', 'silent'),
    });
    server = await startCommandServer(transport, [ShoutHandler]);
    client = new NatsClientProxy(common);
  });

  afterAll(async () => {
    await server.close();
    await nc.close();
  });

  it('runs its pipes and interceptors', async () => {
    await expect(client.call(shout, { word: '  hey ' }, { actor })).resolves.toEqual({ said: 'HEY!' });
  });

  it('is refused as forbidden when its guard says no', async () => {
    await expect(client.call(shout, { word: 'hey' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('answers what its exception filter makes of an error', async () => {
    await expect(client.call(shout, { word: 'none' }, { actor, requestId: 'req-9' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'No words left: req-9',
    });
  });
});
