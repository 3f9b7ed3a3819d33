import { connect, type NatsConnection } from '@nats-io/transport-node';
import { defineCommand } from '@vv/contracts';
import { infrastructure, testSubjectPrefix } from '@vv/testing';
import { z } from 'zod';
import { ServiceError } from '../errors/service-error';
import { createLogger } from '../logging/logger';
import { Metrics } from '../ops/metrics';
import { RpcClient } from './rpc-client';
import { RpcServer } from './rpc-server';

const echo = defineCommand({
  service: 'identity',
  name: 'test.echo',
  version: 1,
  summary: 'Echoes a word, after the test lets it',
  request: z.object({ word: z.string().min(1) }).strict(),
  response: z.object({ echoed: z.string() }),
});

describe('RpcServer and RpcClient', () => {
  let nc: NatsConnection;
  let server: RpcServer;
  let client: RpcClient;
  let release!: () => void;
  let gate: Promise<void>;
  let entered!: () => void;
  let handling: Promise<void>;

  beforeAll(async () => {
    nc = await connect({ servers: (await infrastructure()).natsUrl });
    const metrics = new Metrics('identity');
    const options = { nc, prefix: testSubjectPrefix(), metrics, defaultTimeoutMs: 5000 };
    server = new RpcServer({ ...options, service: 'identity', logger: createLogger('identity', 'silent') });
    client = new RpcClient(options);
    gate = Promise.resolve();
    handling = Promise.resolve();
    server.register(echo, async ({ word }) => {
      entered();
      await gate;
      return { echoed: word };
    });
  });

  afterAll(async () => {
    await server.drain();
    await nc.close();
  });

  const closeGate = (): void => {
    gate = new Promise((resolve) => (release = resolve));
    handling = new Promise((resolve) => (entered = resolve));
  };

  it('answers a valid request and refuses an invalid one with field reasons', async () => {
    entered = () => undefined;
    await expect(client.call(echo, { word: 'hi' })).resolves.toEqual({ echoed: 'hi' });
    const refused = client.call(echo, { word: '', extra: 1 } as never);
    await expect(refused).rejects.toBeInstanceOf(ServiceError);
    await expect(refused).rejects.toMatchObject({ code: 'invalid' });
  });

  it('drain() waits for the answers still being worked on', async () => {
    closeGate();
    const answer = client.call(echo, { word: 'late' });
    answer.catch(() => undefined); // awaited below; this only keeps a failed run from crashing jest
    await handling;
    let drained = false;
    const draining = server.drain().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(drained).toBe(false);
    release();
    await expect(answer).resolves.toEqual({ echoed: 'late' });
    await draining;
    await expect(client.call(echo, { word: 'after' }, { timeoutMs: 500 })).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('refuses at once past maxInFlight, answers exempt commands, and takes work again when there is room', async () => {
    const metrics = new Metrics('messaging');
    const prefix = testSubjectPrefix();
    const options = { nc, prefix, metrics, defaultTimeoutMs: 5000 };
    const busy = new RpcServer({
      ...options,
      service: 'messaging',
      logger: createLogger('messaging', 'silent'),
      maxInFlight: 2,
    });
    const slow = defineCommand({ ...echo, service: 'messaging', name: 'test.slow' });
    const ping = defineCommand({ ...echo, service: 'messaging', name: 'test.ping' });
    let open!: () => void;
    const held = new Promise<void>((resolve) => (open = resolve));
    let started = 0;
    busy.register(slow, async ({ word }) => {
      started += 1;
      await held;
      return { echoed: word };
    });
    busy.register(ping, ({ word }) => Promise.resolve({ echoed: word }), { exempt: true });
    const caller = new RpcClient(options);
    try {
      const first = caller.call(slow, { word: 'one' });
      const second = caller.call(slow, { word: 'two' });
      await waitFor(() => started === 2);
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
      expect(await metrics.registry.getSingleMetricAsString('vv_rpc_server_duration_seconds')).toMatch(
        /outcome="shed"/,
      );
    } finally {
      open();
      await busy.drain();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries += 1) {
    if (tries > 200) throw new Error('condition not met in 2 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
