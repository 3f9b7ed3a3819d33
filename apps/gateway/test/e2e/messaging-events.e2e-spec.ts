import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  eventEnvelope,
  eventSubject,
  EVENTS,
  findEvent,
  serviceStreamName,
  type EventEnvelope,
  type EventKey,
} from '@vv/contracts';
import { bootSuite, type Suite } from './boot-suite';
import { Api, signUp, type Account, type Answer } from './http';
import { addMember } from './members';

type Data = Record<string, unknown>;

/**
 * Every messaging event, caused through the gateway and read back from messaging's JetStream
 * stream: each is on its contract's subject, validates against its contract (envelope and data),
 * and carries the village and the ids a consumer needs to notify the right people.
 */
describe('messaging events', () => {
  let suite: Suite;
  let api: Api;
  let nc: NatsConnection;
  let owner: Account;
  let member: Account;

  const ok = (answer: Answer, status: number): Answer => {
    if (answer.status !== status)
      throw new Error(`setup failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const idOf = (answer: Answer, status: number): string => String(ok(answer, status).body.id);

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    nc = await connect({ servers: suite.environment.natsUrl });
    owner = await signUp(api, 'Owner');
    member = await signUp(api, 'Member');
  });

  afterAll(async () => {
    await nc.close();
    await suite.close();
  });

  /** The stream's messages, in order, until `count` have arrived (or 15 s have passed). */
  async function readStream(count: number): Promise<Array<{ subject: string; envelope: unknown }>> {
    const js = jetstream(nc);
    const consumer = await js.consumers.get(serviceStreamName(suite.environment.prefix, 'messaging'));
    const received: Array<{ subject: string; envelope: unknown }> = [];
    const deadline = Date.now() + 15_000;
    while (received.length < count && Date.now() < deadline) {
      const msg = await consumer.next({ expires: 2000 });
      if (msg) received.push({ subject: msg.subject, envelope: msg.json() });
    }
    return received;
  }

  it('publishes every messaging event, valid against its contract, with the village and the ids to notify', async () => {
    const o = owner.accessToken;
    const m = member.accessToken;
    const villageId = idOf(
      await api.post('/v1/villages', { token: o, body: { name: 'Events', visibility: 'private' } }),
      201,
    );
    await addMember(api, villageId, o, member);

    const conversationId = idOf(
      await api.post(`/v1/villages/${villageId}/conversations`, {
        token: o,
        body: { memberIds: [member.userId] },
      }),
      201,
    );
    const messageId = idOf(
      await api.post(`/v1/conversations/${conversationId}/messages`, { token: o, body: { body: 'hi' } }),
      201,
    );
    ok(await api.patch(`/v1/messages/${messageId}`, { token: o, body: { body: 'hello' } }), 200);
    ok(await api.delete(`/v1/messages/${messageId}`, { token: o }), 204);
    const broadcastId = idOf(
      await api.post(`/v1/villages/${villageId}/broadcasts`, { token: o, body: { body: 'news' } }),
      201,
    );
    const topicId = idOf(
      await api.post(`/v1/villages/${villageId}/topics`, { token: o, body: { title: 'Garden' } }),
      201,
    );
    ok(await api.patch(`/v1/topics/${topicId}`, { token: o, body: { description: 'Plants' } }), 200);
    const postId = idOf(
      await api.post(`/v1/topics/${topicId}/posts`, { token: o, body: { body: 'Roses?' } }),
      201,
    );
    const replyId = idOf(
      await api.post(`/v1/topics/${topicId}/posts`, { token: m, body: { body: 'Yes', parentId: postId } }),
      201,
    );
    ok(await api.patch(`/v1/posts/${replyId}`, { token: m, body: { body: 'Yes!' } }), 200);
    const emoji = encodeURIComponent('🌹');
    ok(await api.request('PUT', `/v1/posts/${postId}/reactions/${emoji}`, { token: m }), 200);
    ok(await api.delete(`/v1/posts/${postId}/reactions/${emoji}`, { token: m }), 200);
    ok(await api.delete(`/v1/posts/${postId}`, { token: o }), 204);
    ok(await api.delete(`/v1/topics/${topicId}`, { token: o }), 204);

    const expected: Array<{ key: EventKey; actor: Account; data: Data }> = [
      {
        key: 'messaging.conversation.created.v1',
        actor: owner,
        data: { conversationId, villageId, createdBy: owner.userId },
      },
      {
        key: 'messaging.message.sent.v1',
        actor: owner,
        data: { conversationId, messageId, villageId, authorId: owner.userId, recipientIds: [member.userId] },
      },
      {
        key: 'messaging.message.edited.v1',
        actor: owner,
        data: { conversationId, messageId, recipientIds: [member.userId], changed: ['body'] },
      },
      {
        key: 'messaging.message.deleted.v1',
        actor: owner,
        data: { conversationId, messageId, recipientIds: [member.userId] },
      },
      {
        key: 'messaging.broadcast.sent.v1',
        actor: owner,
        data: { broadcastId, villageId, authorId: owner.userId },
      },
      { key: 'messaging.topic.created.v1', actor: owner, data: { topicId, villageId } },
      {
        key: 'messaging.topic.updated.v1',
        actor: owner,
        data: { topicId, villageId, changed: ['description'] },
      },
      {
        key: 'messaging.post.created.v1',
        actor: owner,
        data: { postId, topicId, villageId, parentId: null, authorId: owner.userId, parentAuthorId: null },
      },
      {
        key: 'messaging.post.created.v1',
        actor: member,
        data: {
          postId: replyId,
          topicId,
          villageId,
          parentId: postId,
          authorId: member.userId,
          parentAuthorId: owner.userId,
        },
      },
      {
        key: 'messaging.post.edited.v1',
        actor: member,
        data: { postId: replyId, topicId, parentId: postId, authorId: member.userId, changed: ['body'] },
      },
      {
        key: 'messaging.reaction.added.v1',
        actor: member,
        data: { postId, topicId, villageId, postAuthorId: owner.userId, userId: member.userId, emoji: '🌹' },
      },
      {
        key: 'messaging.reaction.removed.v1',
        actor: member,
        data: { postId, topicId, villageId, postAuthorId: owner.userId, userId: member.userId, emoji: '🌹' },
      },
      {
        key: 'messaging.post.deleted.v1',
        actor: owner,
        data: { postId, topicId, villageId, parentId: null, authorId: owner.userId, tombstone: true },
      },
      { key: 'messaging.topic.deleted.v1', actor: owner, data: { topicId, villageId } },
    ];
    // Every messaging event of the catalogue is driven here.
    expect(new Set(expected.map((event) => event.key))).toEqual(
      new Set(Object.keys(EVENTS).filter((key) => key.startsWith('messaging.'))),
    );

    const received = await readStream(expected.length);
    const keys = received.map(({ envelope }) => {
      const { type, version } = envelope as EventEnvelope;
      return `${type}.v${version}`;
    });
    expect(keys).toEqual(expected.map((event) => event.key));

    received.forEach(({ subject, envelope }, index) => {
      const { key, actor, data } = expected[index];
      const def = findEvent(key.replace(/\.v\d+$/, ''), 1);
      expect(def).toBeDefined();
      expect(subject).toBe(eventSubject(suite.environment.prefix, def!));
      const parsed = eventEnvelope(def!.data).safeParse(envelope);
      expect({ key, issues: parsed.success ? [] : parsed.error.issues }).toEqual({ key, issues: [] });
      expect({ key, envelope }).toMatchObject({
        key,
        envelope: { villageId, actorId: actor.userId, data: { villageId, ...data } },
      });
    });
    const created = received[0].envelope as EventEnvelope<{ memberIds: string[] }>;
    expect(created.data.memberIds.sort()).toEqual([owner.userId, member.userId].sort());
  });
});
