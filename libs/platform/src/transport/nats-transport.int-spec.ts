import { Controller, type INestMicroservice } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { commandSubject, defineCommand, HEADERS, type ParsedRequestOf } from '@vv/contracts';
import { eventually, infrastructure, testSubjectPrefix } from '@vv/testing';
import { z } from 'zod';
import { ServiceError } from '../errors/service-error';
import { createLogger, currentRequestId } from '../logging/logger';
import { Metrics } from '../ops/metrics';
import type { CommandContext } from './command-context';
import { Command } from './command.decorator';
import { startCommandServer } from './command-server';
import { NatsClientProxy } from './nats-client-proxy';
import { NatsTransport } from './nats-transport';
import { PreparedJson } from './prepared-json';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

const echo = defineCommand({
  service: 'identity',
  name: 'test.echo',
  version: 1,
  summary: 'Echoes a word, after the test lets it',
  request: z.object({ word: z.string().min(1) }).strict(),
  response: z.object({ echoed: z.string() }),
});

const whoAmI = defineCommand({
  service: 'identity',
  name: 'test.who',
  version: 1,
  summary: 'Answers what the command context holds',
  request: z.object({}),
  response: z.object({
    requestId: z.string(),
    logRequestId: z.string().nullable(),
    actor: z.object({ userId: z.string(), sessionId: z.string() }).nullable(),
    clientIp: z.string().nullable(),
    traceparent: z.string().nullable(),
    subject: z.string(),
    rawClientIp: z.string().nullable(),
  }),
});

const fail = defineCommand({
  service: 'identity',
  name: 'test.fail',
  version: 1,
  summary: 'Fails the way it is asked to',
  request: z.object({ how: z.enum(['service', 'unknown', 'off-contract']) }),
  response: z.object({ never: z.string() }),
});

/** A transport and a client over one connection, and the Nest microservice serving `controllers`. */
async function serve(
  nc: NatsConnection,
  controllers: Parameters<typeof startCommandServer>[1],
  options: { service?: 'identity' | 'messaging'; maxInFlight?: number; checkPrepared?: boolean } = {},
): Promise<{ server: INestMicroservice; client: NatsClientProxy; metrics: Metrics; prefix: string }> {
  const service = options.service ?? 'identity';
  const metrics = new Metrics(service);
  const prefix = testSubjectPrefix();
  const common = { nc, prefix, metrics, defaultTimeoutMs: 5000 };
  const transport = new NatsTransport({
    ...common,
    service,
    logger: createLogger(service, process.env.TEST_LOG_LEVEL ?? 'silent'),
    maxInFlight: options.maxInFlight,
    checkPreparedResponses: options.checkPrepared,
  });
  const server = await startCommandServer(transport, controllers);
  return { server, client: new NatsClientProxy(common), metrics, prefix };
}

describe('NatsTransport and NatsClientProxy', () => {
  let nc: NatsConnection;
  let server: INestMicroservice;
  let client: NatsClientProxy;
  let metrics: Metrics;
  let prefix: string;
  let release!: () => void;
  let gate: Promise<void> = Promise.resolve();
  let entered: () => void = () => undefined;
  let handling: Promise<void>;
  let echoes = 0;

  @Controller()
  class TestHandler {
    @Command(echo)
    async echo(@Payload() { word }: ParsedRequestOf<typeof echo>): Promise<{ echoed: string }> {
      echoes += 1;
      entered();
      await gate;
      return { echoed: word };
    }

    @Command(whoAmI)
    who(
      @Payload() _request: object,
      @Ctx() context: CommandContext,
    ): Promise<z.infer<typeof whoAmI.response>> {
      return Promise.resolve({
        requestId: context.requestId,
        logRequestId: currentRequestId() ?? null,
        actor: context.actor,
        clientIp: context.clientIp,
        traceparent: context.traceparent,
        subject: context.getSubject(),
        rawClientIp: context.getHeaders()?.get(HEADERS.clientIp) ?? null,
      });
    }

    @Command(fail)
    fail(@Payload() { how }: ParsedRequestOf<typeof fail>): Promise<{ never: string }> {
      if (how === 'service') throw new ServiceError('conflict', 'Taken', { field: 'name' });
      if (how === 'unknown') throw new Error('a bug with a secret in it');
      return Promise.resolve({ password: 'hash' } as never);
    }
  }

  beforeAll(async () => {
    nc = await connect({ servers: (await infrastructure()).natsUrl });
    ({ server, client, metrics, prefix } = await serve(nc, [TestHandler]));
  });

  afterAll(async () => {
    await server.close();
    await nc.close();
  });

  const closeGate = (): void => {
    gate = new Promise((resolve) => (release = resolve));
    handling = new Promise((resolve) => (entered = resolve));
  };

  it('answers a valid request and refuses an invalid one with field reasons', async () => {
    await expect(client.call(echo, { word: 'hi' })).resolves.toEqual({ echoed: 'hi' });
    const refused = client.call(echo, { word: '', extra: 1 } as never);
    await expect(refused).rejects.toBeInstanceOf(ServiceError);
    await expect(refused).rejects.toMatchObject({
      code: 'invalid',
      details: { errors: expect.arrayContaining([{ field: 'extra', reason: 'unknown field' }]) as unknown },
    });
  });

  it("answers through Nest's ClientProxy.send with a @Command pattern", async () => {
    const { lastValueFrom } = await import('rxjs');
    await expect(lastValueFrom(client.send('identity.test.echo.v1', { word: 'sent' }))).resolves.toEqual({
      echoed: 'sent',
    });
  });

  it('gives the handler the caller context from NATS headers, and logs under its request id', async () => {
    const actor = { userId: 'u-1', sessionId: 's-1' };
    const answer = await client.call(
      whoAmI,
      {},
      { actor, clientIp: '203.0.113.9', requestId: 'req-1', traceparent: TRACEPARENT },
    );
    expect(answer).toEqual({
      requestId: 'req-1',
      logRequestId: 'req-1',
      actor,
      clientIp: '203.0.113.9',
      traceparent: TRACEPARENT,
      subject: commandSubject(prefix, whoAmI),
      rawClientIp: '203.0.113.9',
    });
    const anonymous = await client.call(whoAmI, {}, { traceparent: 'not-a-traceparent' });
    expect(anonymous).toMatchObject({ actor: null, clientIp: null, traceparent: null });
    expect(anonymous.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers contract error codes: a ServiceError as thrown, anything else as internal without its text', async () => {
    await expect(client.call(fail, { how: 'service' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'Taken',
      details: { field: 'name' },
    });
    await expect(client.call(fail, { how: 'unknown' })).rejects.toMatchObject({
      code: 'internal',
      message: 'Internal error',
    });
    // An answer outside the response schema (here a stray field) never leaves the service.
    await expect(client.call(fail, { how: 'off-contract' })).rejects.toMatchObject({ code: 'internal' });
  });

  it('answers a success as its JSON alone and marks a failure by a header; callRaw hands over the bytes', async () => {
    const ask = (def: typeof echo | typeof fail, request: object) =>
      nc.request(commandSubject(prefix, def), JSON.stringify(request), { timeout: 5000 });
    const ok = await ask(echo, { word: 'raw' });
    expect(ok.string()).toBe('{"echoed":"raw"}');
    expect(ok.headers?.has(HEADERS.error)).toBeFalsy();
    const failed = await ask(fail, { how: 'service' });
    expect(failed.headers?.get(HEADERS.error)).toBe('1');
    expect(failed.json()).toEqual({ code: 'conflict', message: 'Taken', details: { field: 'name' } });

    const raw = await client.callRaw(echo, { word: 'raw' });
    expect(new TextDecoder().decode(raw)).toBe('{"echoed":"raw"}');
    await expect(client.callRaw(fail, { how: 'service' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('drops a request whose deadline has passed, without running it', async () => {
    const before = echoes;
    const h = headers();
    h.set(HEADERS.deadline, String(Date.now() - 1));
    await expect(
      nc.request(commandSubject(prefix, echo), JSON.stringify({ word: 'late' }), {
        headers: h,
        timeout: 300,
      }),
    ).rejects.toThrow();
    // A later request is answered; the expired one was counted and never reached the handler.
    await expect(client.call(echo, { word: 'next' })).resolves.toEqual({ echoed: 'next' });
    expect(echoes).toBe(before + 1);
    expect(await metrics.registry.getSingleMetricAsString('vv_rpc_server_duration_seconds')).toMatch(
      /outcome="expired"/,
    );
  });

  it('close() waits for the answers still being worked on', async () => {
    const { server: closing, client: caller } = await serve(nc, [TestHandler]);
    closeGate();
    const answer = caller.call(echo, { word: 'late' });
    answer.catch(() => undefined); // awaited below; this only keeps a failed run from crashing jest
    await handling;
    let closed = false;
    const done = closing.close().then(() => (closed = true));
    // Once nobody answers the subject any more, the subscription is gone: only the answer is awaited.
    await eventually(() =>
      expect(caller.call(whoAmI, {}, { timeoutMs: 500 })).rejects.toMatchObject({ code: 'unavailable' }),
    );
    expect(closed).toBe(false);
    release();
    await expect(answer).resolves.toEqual({ echoed: 'late' });
    await done;
  });

  it('sends a PreparedJson answer as its text, checked against the response schema only when asked to', async () => {
    const prepared = defineCommand({ ...echo, service: 'messaging', name: 'test.prepared' });

    @Controller()
    class PreparedHandler {
      @Command(prepared)
      answer(
        @Payload() { word }: ParsedRequestOf<typeof prepared>,
      ): Promise<PreparedJson<{ echoed: string }>> {
        // An extra field the response schema would have stripped, or a wrong shape.
        const json = word === 'bad' ? '{"echoed":7}' : `{"echoed":${JSON.stringify(word)},"extra":1}`;
        return Promise.resolve(new PreparedJson(json));
      }
    }

    for (const checkPrepared of [true, false]) {
      const served = await serve(nc, [PreparedHandler], { service: 'messaging', checkPrepared });
      try {
        // Sent as it is: not parsed and filtered through the schema (which would drop `extra`).
        await expect(served.client.call(prepared, { word: 'hi' })).resolves.toEqual({
          echoed: 'hi',
          extra: 1,
        });
        const bad = served.client.call(prepared, { word: 'bad' });
        if (checkPrepared) await expect(bad).rejects.toMatchObject({ code: 'internal' });
        else await expect(bad).resolves.toEqual({ echoed: 7 });
      } finally {
        await served.server.close();
      }
    }
  });

  it('refuses at once past maxInFlight, answers exempt commands, and takes work again when there is room', async () => {
    const slow = defineCommand({ ...echo, service: 'messaging', name: 'test.slow' });
    const ping = defineCommand({ ...echo, service: 'messaging', name: 'test.ping' });
    let open!: () => void;
    const held = new Promise<void>((resolve) => (open = resolve));
    let started = 0;

    @Controller()
    class BusyHandler {
      @Command(slow)
      async slow(@Payload() { word }: ParsedRequestOf<typeof slow>): Promise<{ echoed: string }> {
        started += 1;
        await held;
        return { echoed: word };
      }

      @Command(ping, { exempt: true })
      ping(@Payload() { word }: ParsedRequestOf<typeof ping>): Promise<{ echoed: string }> {
        return Promise.resolve({ echoed: word });
      }
    }

    const busy = await serve(nc, [BusyHandler], { service: 'messaging', maxInFlight: 2 });
    const caller = busy.client;
    try {
      const first = caller.call(slow, { word: 'one' });
      const second = caller.call(slow, { word: 'two' });
      await eventually(() => expect(started).toBe(2));
      // Refused, not queued: the two in flight are held until `open`, so waiting would end in `timeout`.
      await expect(caller.call(slow, { word: 'three' })).rejects.toMatchObject({
        code: 'unavailable',
        details: { retryAfterSeconds: 1 },
      });
      expect(started).toBe(2);
      await expect(caller.call(ping, { word: 'alive' })).resolves.toEqual({ echoed: 'alive' });
      open();
      await expect(Promise.all([first, second])).resolves.toEqual([{ echoed: 'one' }, { echoed: 'two' }]);
      await expect(caller.call(slow, { word: 'four' })).resolves.toEqual({ echoed: 'four' });
      expect(await busy.metrics.registry.getSingleMetricAsString('vv_rpc_server_duration_seconds')).toMatch(
        /outcome="shed"/,
      );
    } finally {
      open();
      await busy.server.close();
    }
  });
});
