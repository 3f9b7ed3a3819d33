import { Client } from 'pg';
import type { Suite } from './boot-suite';
import { type Account, type Api, signUp } from './http';
import { addMember } from './members';
import { StreamClient } from './stream-client';
import {
  eventsOf,
  idsOf,
  keyOf,
  keys,
  ok,
  startStreamSuite,
  type StreamSuite,
  strictlyIncreasing,
} from './stream-harness';

/**
 * `GET /v1/stream` end to end: every app booted, events produced over HTTP, read by WebSocket
 * clients — what each user receives, in order; removal; resume.
 */
describe('GET /v1/stream', () => {
  let s: StreamSuite;
  let suite: Suite;
  let api: Api;
  let track: StreamSuite['track'];
  let stream: StreamSuite['stream'];
  let settle: StreamSuite['settle'];
  let createVillage: StreamSuite['createVillage'];
  let createTopic: StreamSuite['createTopic'];
  let post: StreamSuite['post'];

  beforeAll(async () => {
    s = await startStreamSuite();
    ({ suite, api, track, stream, settle, createVillage, createTopic, post } = s);
  });

  afterAll(() => s.close());

  describe('two users in two villages, one in both, and an outsider', () => {
    let ann: Account;
    let bob: Account;
    let cat: Account;
    let out: Account;
    let annVillage: string;
    let bobVillage: string;
    let annTopic: string;
    let bobTopic: string;
    let sockets: Record<'ann' | 'bob' | 'cat' | 'out', StreamClient>;

    beforeAll(async () => {
      [ann, bob, cat, out] = await Promise.all([
        signUp(api, 'Ann'),
        signUp(api, 'Bob'),
        signUp(api, 'Cat'),
        signUp(api, 'Out'),
      ]);
      annVillage = await createVillage(ann, 'Ann’s');
      bobVillage = await createVillage(bob, 'Bob’s');
      await addMember(api, annVillage, ann.accessToken, cat);
      await addMember(api, bobVillage, bob.accessToken, cat);
      await settle();
      sockets = {
        ann: await stream(ann),
        bob: await stream(bob),
        cat: await stream(cat, { tokenIn: 'query' }),
        out: await stream(out),
      };
    });

    it('delivers to each exactly the events they may see, in order; the outsider gets none', async () => {
      annTopic = await createTopic(annVillage, ann, 'Garden');
      const annPost = await post(annTopic, ann, 'Tomatoes?');
      bobTopic = await createTopic(bobVillage, bob, 'Choir');
      const catPost = await post(bobTopic, cat, 'Tuesday?');
      const broadcast = String(
        ok(
          await api.post(`/v1/villages/${bobVillage}/broadcasts`, {
            token: bob.accessToken,
            body: { body: 'Hall closed' },
          }),
          201,
        ).body.id,
      );
      const annPost2 = await post(annTopic, cat, 'In May');
      await settle(...Object.values(sockets));

      const inAnn: Array<[string, string]> = [
        ['messaging.topic.created', annTopic],
        ['messaging.post.created', annPost],
      ];
      const inBob: Array<[string, string]> = [
        ['messaging.topic.created', bobTopic],
        ['messaging.post.created', catPost],
        ['messaging.broadcast.sent', broadcast],
      ];
      const last: [string, string] = ['messaging.post.created', annPost2];
      expect(keys(sockets.ann)).toEqual([...inAnn, last]);
      expect(keys(sockets.bob)).toEqual(inBob);
      expect(keys(sockets.cat)).toEqual([...inAnn, ...inBob, last]);
      expect(keys(sockets.out)).toEqual([]);
      for (const socket of Object.values(sockets)) expect(strictlyIncreasing(idsOf(socket))).toBe(true);
      // The same event has the same id on every socket.
      expect(sockets.cat.events[0].id).toBe(sockets.ann.events[0].id);
      expect(Number(sockets.ann.events[0].id)).toBeGreaterThan(Number(sockets.ann.messages[0].lastId));
      expect(sockets.cat.events[0].event).toMatchObject({
        type: 'messaging.topic.created',
        villageId: annVillage,
        actorId: ann.userId,
        data: { topicId: annTopic, title: 'Garden' },
      });
    });

    it('stops delivering a village’s events to a removed member', async () => {
      const from = sockets.cat.messages.length;
      ok(
        await api.delete(`/v1/villages/${annVillage}/members/${cat.userId}`, { token: ann.accessToken }),
        204,
      );
      await sockets.cat.nextEvent(
        (event) => event.type === 'identity.membership.removed' && event.data.userId === cat.userId,
        { from },
      );

      const afterRemoval = await post(annTopic, ann, 'Cat has left');
      const stillThere = await post(bobTopic, bob, 'Cat is still here');
      await sockets.ann.nextEvent((event) => event.data.postId === afterRemoval);
      await sockets.cat.nextEvent((event) => event.data.postId === stillThere);
      await settle(sockets.cat, sockets.out);
      const catKeys = keys(sockets.cat).slice(keys(sockets.cat).length - 2);
      expect(catKeys).toEqual([
        ['identity.membership.removed', cat.userId],
        ['messaging.post.created', stillThere],
      ]);
      expect(sockets.cat.events.some((m) => m.event!.data.postId === afterRemoval)).toBe(false);
      expect(eventsOf(sockets.out)).toEqual([]);
    });

    it('replays what a dropped socket missed after {"resume": id}, exactly once, then goes live', async () => {
      const lastSeen = sockets.cat.events[sockets.cat.events.length - 1].id!;
      sockets.cat.socket.terminate();
      await sockets.cat.closed;
      const missed = [
        await post(bobTopic, bob, 'one'),
        await post(annTopic, ann, 'not for Cat'),
        await post(bobTopic, bob, 'two'),
        await post(bobTopic, cat, 'three'),
      ];
      await settle();

      const again = await stream(cat);
      again.send({ resume: lastSeen });
      const resumed = await again.next((message) => message.type === 'resumed');
      const replayed = again.messages.filter((m) => m.type === 'event');
      expect(replayed.map((m) => keyOf(m.event!))).toEqual([
        ['messaging.post.created', missed[0]],
        ['messaging.post.created', missed[2]],
        ['messaging.post.created', missed[3]],
      ]);
      expect(strictlyIncreasing([Number(lastSeen), ...replayed.map((m) => Number(m.id))])).toBe(true);
      expect(Number(resumed.lastId)).toBeGreaterThanOrEqual(Number(replayed[replayed.length - 1].id));

      const live = await post(bobTopic, bob, 'live again');
      await again.nextEvent((event) => event.data.postId === live);
      await settle(again);
      expect(keys(again).slice(3)).toEqual([['messaging.post.created', live]]);
      expect(strictlyIncreasing(idsOf(again))).toBe(true);
      sockets.cat = again;
    });

    it('accepts the resume id on connect (?resume=) and in the {"type":"resume","after"} spelling', async () => {
      const lastSeen = eventsOf(sockets.bob).at(-3)!.id!;
      const expected = keys(sockets.bob).slice(-2);
      const byQuery = await stream(bob, { query: { resume: lastSeen } });
      await byQuery.next((message) => message.type === 'resumed');
      expect(keys(byQuery)).toEqual(expected);

      const byMessage = await stream(bob);
      byMessage.send({ type: 'resume', after: lastSeen });
      await byMessage.next((message) => message.type === 'resumed');
      expect(keys(byMessage)).toEqual(expected);
      byQuery.close();
      byMessage.close();
    });

    it('resumes on connect with no event twice and ids only increasing, events that arrive while it loads included', async () => {
      const lastSeen = sockets.bob.events[sockets.bob.events.length - 1].id!;
      const missed = await post(bobTopic, bob, 'missed');
      // Identity held by a lock: the new socket stays loading while more events reach the gateway.
      const lock = new Client({ connectionString: suite.environment.database.url });
      await lock.connect();
      await lock.query('begin');
      await lock.query('lock table identity.sessions in access exclusive mode');
      let client: StreamClient;
      let during: string[];
      try {
        client = track(await StreamClient.open(suite.url, bob.accessToken, { query: { resume: lastSeen } }));
        during = [await post(bobTopic, bob, 'while loading 1'), await post(bobTopic, bob, 'while loading 2')];
        await sockets.bob.nextEvent((event) => event.data.postId === during[1]);
      } finally {
        await lock.query('commit');
        await lock.end();
      }
      await client.next((message) => message.type === 'resumed');
      const after = await post(bobTopic, bob, 'after the resume');
      await client.nextEvent((event) => event.data.postId === after);
      expect(client.events.map((m) => m.event!.data.postId)).toEqual([missed, ...during, after]);
      expect(strictlyIncreasing(idsOf(client))).toBe(true);
      client.close();
    });

    it('answers resync to an id the feed never handed out', async () => {
      const client = await stream(bob);
      client.send({ resume: '987654321' });
      expect(await client.next((message) => message.type === 'resync')).toMatchObject({
        reason: 'unknown_id',
      });
      // Still live after the resync.
      const live = await post(bobTopic, bob, 'after resync');
      await client.nextEvent((event) => event.data.postId === live);
      client.close();
    });
  });
});
