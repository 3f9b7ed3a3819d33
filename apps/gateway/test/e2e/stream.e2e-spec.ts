import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { serviceStreamName } from '@vv/contracts';
import { FEED_SERVICES, feedStreamName } from '@vv/platform';
import { eventually } from '@vv/testing';
import { Client } from 'pg';
import { createGatewayApp } from '@vv/gateway';
import { bootSuite, type Suite } from './boot-suite';
import { Api, PASSWORD, signUp, type Account, type Answer } from './http';
import { addMember } from './members';
import { StreamClient, type StreamMessage } from './stream-client';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The id that names what an event is about, for comparing lists of events. */
function keyOf(event: NonNullable<StreamMessage['event']>): [string, string] {
  const data = event.data;
  const key = [
    'postId',
    'broadcastId',
    'messageId',
    'conversationId',
    'topicId',
    'fileId',
    'eventId',
    'userId',
  ]
    .map((field) => data[field])
    .find((value) => typeof value === 'string');
  return [event.type, String(key)];
}

const keys = (client: StreamClient): Array<[string, string]> => client.events.map((m) => keyOf(m.event!));

const idsOf = (client: StreamClient): number[] => client.events.map((m) => Number(m.id));

const strictlyIncreasing = (ids: number[]): boolean => ids.every((id, i) => i === 0 || id > ids[i - 1]);

/**
 * `GET /v1/stream` end to end: every app booted, events produced over HTTP, read by WebSocket
 * clients — what each user receives, in order; removal; resume; authentication; redaction.
 */
describe('GET /v1/stream', () => {
  let suite: Suite;
  let api: Api;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let sql: Client;
  const clients: StreamClient[] = [];

  const ok = (answer: Answer, status: number): Answer => {
    if (answer.status !== status) {
      throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer;
  };
  const track = (client: StreamClient): StreamClient => {
    clients.push(client);
    return client;
  };
  const stream = async (account: Account, options?: Parameters<typeof StreamClient.connect>[2]) =>
    track(await StreamClient.connect(suite.url, account.accessToken, options));
  const createVillage = async (owner: Account, name: string): Promise<string> =>
    String(
      ok(
        await api.post('/v1/villages', { token: owner.accessToken, body: { name, visibility: 'private' } }),
        201,
      ).body.id,
    );
  const createTopic = async (villageId: string, by: Account, title: string): Promise<string> =>
    String(
      ok(await api.post(`/v1/villages/${villageId}/topics`, { token: by.accessToken, body: { title } }), 201)
        .body.id,
    );
  const post = async (topicId: string, by: Account, body: string): Promise<string> =>
    String(
      ok(await api.post(`/v1/topics/${topicId}/posts`, { token: by.accessToken, body: { body } }), 201).body
        .id,
    );

  /**
   * Waits until every event committed so far is published (no outbox row pending in any service) and
   * copied into the feed, then a moment for the gateway to hand it out.
   */
  async function settle(): Promise<void> {
    await eventually(async () => {
      for (const schema of ['identity', 'messaging', 'calendar', 'files']) {
        const { rows } = await sql.query<{ n: number }>(
          `select count(*)::int as n from ${schema}.outbox where published_at is null`,
        );
        expect(rows[0].n).toBe(0);
      }
    });
    const counts = async (): Promise<[number, number]> => {
      let sources = 0;
      for (const service of FEED_SERVICES) {
        sources += (await jsm.streams.info(serviceStreamName(suite.environment.prefix, service))).state
          .messages;
      }
      // last_seq, not messages: a test purges the feed.
      return [sources, (await jsm.streams.info(feedStreamName(suite.environment.prefix))).state.last_seq];
    };
    await eventually(async () => {
      const [sources, feed] = await counts();
      expect(feed).toBe(sources);
    });
    await sleep(250);
  }

  beforeAll(async () => {
    suite = await bootSuite({ gateway: { STREAM_HEARTBEAT_MS: '1000' } });
    api = new Api(suite.url);
    nc = await connect({ servers: suite.environment.natsUrl });
    jsm = await jetstreamManager(nc);
    sql = new Client({ connectionString: suite.environment.database.url });
    await sql.connect();
  });

  afterAll(async () => {
    for (const client of clients) client.socket.terminate();
    await sql.end();
    await nc.close();
    await suite.close();
  });

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
      await settle();

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

    it('stops delivering a village’s events to a removed member within 2 s', async () => {
      const from = sockets.cat.messages.length;
      const started = Date.now();
      ok(
        await api.delete(`/v1/villages/${annVillage}/members/${cat.userId}`, { token: ann.accessToken }),
        204,
      );
      const removal = await sockets.cat.nextEvent(
        (event) => event.type === 'identity.membership.removed' && event.data.userId === cat.userId,
        { from },
      );
      expect(removal.receivedAt - started).toBeLessThan(2000);

      const afterRemoval = await post(annTopic, ann, 'Cat has left');
      const stillThere = await post(bobTopic, bob, 'Cat is still here');
      await sockets.ann.nextEvent((event) => event.data.postId === afterRemoval);
      await sockets.cat.nextEvent((event) => event.data.postId === stillThere);
      await settle();
      const catKeys = keys(sockets.cat).slice(keys(sockets.cat).length - 2);
      expect(catKeys).toEqual([
        ['identity.membership.removed', cat.userId],
        ['messaging.post.created', stillThere],
      ]);
      expect(sockets.cat.events.some((m) => m.event!.data.postId === afterRemoval)).toBe(false);
      expect(sockets.out.events).toEqual([]);
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
      await settle();
      expect(keys(again).slice(3)).toEqual([['messaging.post.created', live]]);
      expect(strictlyIncreasing(idsOf(again))).toBe(true);
      sockets.cat = again;
    });

    it('accepts the resume id on connect (?resume=) and in the {"type":"resume","after"} spelling', async () => {
      const lastSeen = sockets.bob.events[sockets.bob.events.length - 3].id!;
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

  describe('authentication', () => {
    it('closes 4401 on a missing or bad token', async () => {
      const none = track(await StreamClient.open(suite.url, null));
      expect(await none.closed).toMatchObject({ code: 4401 });
      const bad = track(await StreamClient.open(suite.url, 'not.a.token'));
      expect(await bad.closed).toMatchObject({ code: 4401 });
      const badQuery = track(await StreamClient.open(suite.url, 'x.y.z', { tokenIn: 'query' }));
      expect(await badQuery.closed).toMatchObject({ code: 4401 });
    });

    it('keeps the socket on an in-band refresh, and closes it for another user’s token', async () => {
      const account = await signUp(api, 'Refresher');
      const client = await stream(account);
      const refreshed = ok(
        await api.post('/v1/auth/refresh', { body: { refreshToken: account.refreshToken } }),
        200,
      );
      client.send({ type: 'auth', token: refreshed.body.accessToken });
      const answer = await client.next((message) => message.type === 'authenticated');
      expect(Date.parse(answer.expiresAt!)).toBeGreaterThan(Date.now());
      client.send({ type: 'ping' });
      await client.next((message) => message.type === 'pong');
      expect(client.socket.readyState).toBe(client.socket.OPEN);

      const stranger = await signUp(api, 'Stranger');
      client.send({ type: 'auth', token: stranger.accessToken });
      expect(await client.closed).toMatchObject({ code: 4401 });
    });

    it('closes the socket 4401 when its session is logged out, and refuses the old token after', async () => {
      const account = await signUp(api, 'Leaver');
      const client = await stream(account);
      const other = await stream(account);
      const login = ok(
        await api.post('/v1/auth/login', { body: { email: account.email, password: PASSWORD } }),
        200,
      );
      const otherSession = await stream({ ...account, accessToken: login.body.accessToken });
      ok(await api.post('/v1/auth/logout', { body: { refreshToken: account.refreshToken } }), 204);
      expect(await client.closed).toMatchObject({ code: 4401, reason: 'session revoked' });
      expect(await other.closed).toMatchObject({ code: 4401 });
      // The access token has not expired, but its session has ended.
      const retry = track(await StreamClient.open(suite.url, account.accessToken));
      expect(await retry.closed).toMatchObject({ code: 4401 });
      // Another session of the same user is not affected.
      otherSession.send({ type: 'ping' });
      await otherSession.next((message) => message.type === 'pong');
    });

    it('answers an unknown message with an error and keeps the socket', async () => {
      const account = await signUp(api, 'Chatty');
      const client = await stream(account);
      client.socket.send('hello');
      expect(await client.next((message) => message.type === 'error')).toMatchObject({ code: 'invalid' });
      client.send({ type: 'ping' });
      await client.next((message) => message.type === 'pong');
    });
  });

  describe('per-file and per-event permissions', () => {
    let owner: Account;
    let admin: Account;
    let member: Account;
    let other: Account;
    let villageId: string;
    let sockets: Record<'owner' | 'admin' | 'member' | 'other', StreamClient>;

    beforeAll(async () => {
      [owner, admin, member, other] = await Promise.all([
        signUp(api, 'Owner'),
        signUp(api, 'Admin'),
        signUp(api, 'Member'),
        signUp(api, 'Other'),
      ]);
      villageId = await createVillage(owner, 'Permissions');
      await addMember(api, villageId, owner.accessToken, admin, 'admin');
      await addMember(api, villageId, owner.accessToken, member);
      await addMember(api, villageId, owner.accessToken, other);
      await settle();
      sockets = {
        owner: await stream(owner),
        admin: await stream(admin),
        member: await stream(member),
        other: await stream(other),
      };
    });

    it("sends a hidden file's upload only to its owner and the village's admins", async () => {
      const bytes = Buffer.from('secret');
      const create = ok(
        await api.post(`/v1/villages/${villageId}/files`, {
          token: member.accessToken,
          body: {
            name: 'hidden.txt',
            contentType: 'text/plain',
            size: bytes.length,
            permissions: { visibility: 'hidden' },
          },
        }),
        201,
      );
      const { url, headers } = create.body.upload;
      expect((await fetch(url, { method: 'PUT', headers, body: bytes })).status).toBe(200);
      const fileId = String(create.body.file.id);
      ok(await api.post(`/v1/files/${fileId}/complete`, { token: member.accessToken, body: {} }), 200);
      const visible = String(
        ok(
          await api.post(`/v1/villages/${villageId}/topics`, {
            token: owner.accessToken,
            body: { title: 'Marker' },
          }),
          201,
        ).body.id,
      );
      for (const socket of Object.values(sockets))
        await socket.nextEvent((event) => event.data.topicId === visible);
      await settle();
      const uploaded = (socket: StreamClient): boolean =>
        socket.events.some((m) => m.event!.type === 'files.file.uploaded' && m.event!.data.fileId === fileId);
      expect([sockets.member, sockets.owner, sockets.admin, sockets.other].map(uploaded)).toEqual([
        true,
        true,
        true,
        false,
      ]);
    });

    it('redacts a busy calendar event for members who may not see its details', async () => {
      const created = ok(
        await api.post(`/v1/villages/${villageId}/events`, {
          token: member.accessToken,
          body: {
            title: 'Dentist',
            startsAt: '2026-12-01T10:00:00Z',
            endsAt: '2026-12-01T11:00:00Z',
            timeZone: 'Europe/Berlin',
            visibility: 'busy',
          },
        }),
        201,
      );
      const eventId = String(created.body.id);
      const seen = async (socket: StreamClient) =>
        socket.nextEvent(
          (event) => event.type === 'calendar.calendar_event.created' && event.data.eventId === eventId,
        );
      const [forMember, forAdmin, forOther] = await Promise.all([
        seen(sockets.member),
        seen(sockets.admin),
        seen(sockets.other),
      ]);
      expect(forMember.redacted).toBeUndefined();
      expect(forMember.event!.data).toMatchObject({ title: 'Dentist', createdBy: member.userId });
      expect(forAdmin.event!.data).toMatchObject({ title: 'Dentist' });
      expect(forOther.redacted).toBe(true);
      expect(forOther.event!.data).not.toHaveProperty('title');
      expect(forOther.event!.data).not.toHaveProperty('createdBy');
      expect(forOther.event!.data).toMatchObject({
        eventId,
        startsAt: expect.any(String),
        endsAt: expect.any(String),
        visibility: 'busy',
      });
      expect(forOther.event!.actorId).toBeNull();
      expect(forOther.id).toBe(forMember.id);
    });
  });

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

  it('drops a socket that stops answering heartbeats', async () => {
    const account = await signUp(api, 'Sleeper');
    const client = await stream(account);
    client.socket.pause();
    await eventually(async () =>
      expect((await api.get('/metrics')).body).toMatch(
        /vv_stream_drops_total\{[^}]*reason="heartbeat"[^}]*\} [1-9]/,
      ),
    );
    client.socket.resume();
    expect((await client.closed).code).toBe(1006);
  });
});
