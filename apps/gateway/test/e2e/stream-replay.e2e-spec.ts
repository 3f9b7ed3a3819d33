import type { JetStreamManager } from '@nats-io/jetstream';
import { createGatewayApp } from '@vv/gateway';
import { feedStreamName } from '@vv/platform';
import type { Suite } from './boot-suite';
import { type Api, signUp } from './http';
import { StreamClient } from './stream-client';
import { startStreamSuite, type StreamSuite } from './stream-harness';

/**
 * `GET /v1/stream` end to end: one feed id across gateway replicas, resume on another replica, and
 * resync past the replay window.
 */
describe('GET /v1/stream', () => {
  let s: StreamSuite;
  let suite: Suite;
  let api: Api;
  let jsm: JetStreamManager;
  let track: StreamSuite['track'];
  let stream: StreamSuite['stream'];
  let settle: StreamSuite['settle'];
  let createVillage: StreamSuite['createVillage'];
  let createTopic: StreamSuite['createTopic'];
  let post: StreamSuite['post'];

  beforeAll(async () => {
    s = await startStreamSuite();
    ({ suite, api, jsm, track, stream, settle, createVillage, createTopic, post } = s);
  });

  afterAll(() => s.close());

  describe('several gateway replicas', () => {
    it('gives every replica every event under the same id, resumes on another replica, and closes sockets 1001 on shutdown', async () => {
      const second = await createGatewayApp({
        ...suite.environment.env,
        RATE_LIMIT_IP_PER_MINUTE: '100000',
        RATE_LIMIT_USER_PER_MINUTE: '100000',
      });
      let closed = false;
      try {
        const owner = await signUp(api, 'Replicated');
        const villageId = await createVillage(owner, 'Replicas');
        const topicId = await createTopic(villageId, owner, 'Both');
        await settle();
        const onFirst = await stream(owner);
        const onSecond = track(await StreamClient.connect(second.url, owner.accessToken));
        const first = await post(topicId, owner, 'to both');
        const [a, b] = await Promise.all([
          onFirst.nextEvent((event) => event.data.postId === first),
          onSecond.nextEvent((event) => event.data.postId === first),
        ]);
        expect(a.id).toBe(b.id);

        onFirst.socket.terminate();
        const missed = [await post(topicId, owner, 'missed 1'), await post(topicId, owner, 'missed 2')];
        await settle();
        const resumed = track(
          await StreamClient.connect(second.url, owner.accessToken, { query: { resume: a.id! } }),
        );
        await resumed.next((message) => message.type === 'resumed');
        expect(resumed.events.map((m) => m.event!.data.postId)).toEqual(missed);

        await second.close();
        closed = true;
        expect(await onSecond.closed).toMatchObject({ code: 1001, reason: 'server shutting down' });
        expect(await resumed.closed).toMatchObject({ code: 1001 });
      } finally {
        if (!closed) await second.close();
      }
    });
  });

  it('answers resync when the resume id is older than the feed keeps', async () => {
    const owner = await signUp(api, 'Late');
    const villageId = await createVillage(owner, 'Old news');
    const topicId = await createTopic(villageId, owner, 'Old');
    await settle();
    const client = await stream(owner);
    const first = await post(topicId, owner, 'old');
    const seen = await client.nextEvent((event) => event.data.postId === first);
    client.socket.terminate();
    await post(topicId, owner, 'missed');
    await settle();
    // Age the feed: everything up to now is dropped, as max_age would after the replay window.
    const feed = feedStreamName(suite.environment.prefix);
    await jsm.streams.purge(feed, { seq: (await jsm.streams.info(feed)).state.last_seq + 1 });
    const again = await stream(owner);
    again.send({ resume: seen.id });
    expect(await again.next((message) => message.type === 'resync')).toMatchObject({ reason: 'window' });
    expect(again.events).toEqual([]);
    const live = await post(topicId, owner, 'live');
    await again.nextEvent((event) => event.data.postId === live);
  });
});
