import { DeliverPolicy, jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { eventSubject, serviceStreamName } from '@vv/contracts';
import { deleteStreams, eventually, infrastructure, testSubjectPrefix } from '@vv/testing';
import { ensureServiceStream } from './event-stream';
import { ensureFeedStream, FEED_SERVICES, feedStreamName } from './feed-stream';

describe('ensureFeedStream', () => {
  let nc: NatsConnection;
  let js: JetStreamClient;
  let prefix: string;

  const publish = (service: 'identity' | 'messaging' | 'files', name: string): Promise<unknown> =>
    js.publish(eventSubject(prefix, { service, name, version: 1 }), JSON.stringify({ name }));

  beforeAll(async () => {
    nc = await connect({ servers: (await infrastructure()).natsUrl });
    js = jetstream(nc);
  });

  beforeEach(() => {
    prefix = testSubjectPrefix();
  });

  afterEach(async () => {
    await deleteStreams(prefix);
  });

  afterAll(async () => {
    await nc.close();
  });

  it('sources every service stream, creating the missing ones, and orders their events in one sequence', async () => {
    await ensureServiceStream(nc, prefix, 'identity');
    await publish('identity', 'user.registered');
    const { stream, jsm } = await ensureFeedStream(nc, prefix, 60_000);
    expect(stream).toBe(feedStreamName(prefix));
    expect(FEED_SERVICES).not.toContain('gateway');
    for (const service of FEED_SERVICES) {
      await expect(jsm.streams.info(serviceStreamName(prefix, service))).resolves.toBeDefined();
    }
    const info = await jsm.streams.info(stream);
    // No subjects of its own (the server leaves the field out).
    expect((info.config.subjects as string[] | undefined) ?? []).toEqual([]);
    expect(info.config.max_age).toBe(nanos(60_000));
    expect(info.config.sources?.map((source) => source.name).sort()).toEqual(
      FEED_SERVICES.map((service) => serviceStreamName(prefix, service)).sort(),
    );

    await publish('messaging', 'post.created');
    await publish('files', 'file.uploaded');
    await eventually(async () => expect((await jsm.streams.info(stream)).state.messages).toBe(3));
    const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.All });
    const seen: Array<[number, string]> = [];
    for await (const msg of await consumer.fetch({ max_messages: 3, expires: 2000 })) {
      seen.push([msg.seq, msg.subject]);
    }
    // The event published before the feed existed was copied too; sequences are 1, 2, 3.
    expect(seen).toEqual([
      [1, eventSubject(prefix, { service: 'identity', name: 'user.registered', version: 1 })],
      [2, eventSubject(prefix, { service: 'messaging', name: 'post.created', version: 1 })],
      [3, eventSubject(prefix, { service: 'files', name: 'file.uploaded', version: 1 })],
    ]);
  });

  it('is idempotent, and brings a changed window and a missing source up to date', async () => {
    const { stream } = await ensureFeedStream(nc, prefix, 60_000);
    await ensureFeedStream(nc, prefix, 60_000);
    const jsm = await jetstreamManager(nc);
    const identity = serviceStreamName(prefix, 'identity');
    const before = await jsm.streams.info(stream);
    await jsm.streams.update(stream, {
      ...before.config,
      sources: (before.config.sources ?? []).filter((source) => source.name !== identity),
    });

    await ensureFeedStream(nc, prefix, 3_600_000);
    const after = await jsm.streams.info(stream);
    expect(after.config.max_age).toBe(nanos(3_600_000));
    expect(after.config.duplicate_window).toBe(nanos(120_000));
    expect(after.config.sources?.map((source) => source.name)).toContain(identity);
    await publish('identity', 'user.deleted');
    await eventually(async () => expect((await jsm.streams.info(stream)).state.messages).toBe(1));
  });

  it('survives replicas ensuring it at once', async () => {
    await Promise.all([1, 2, 3].map(() => ensureFeedStream(nc, prefix, 60_000)));
    const info = await (await jetstreamManager(nc)).streams.info(feedStreamName(prefix));
    expect(info.config.sources).toHaveLength(FEED_SERVICES.length);
  });
});
