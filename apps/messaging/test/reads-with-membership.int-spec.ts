import { randomUUID } from 'node:crypto';
import {
  commandSubject,
  conversationCreate,
  membershipGet,
  messageList,
  messageSend,
  metadataGet,
  type Post,
  postCreate,
  postList,
  type Topic,
  topicCreate,
  topicGet,
  topicList,
} from '@vv/contracts';
import { respondData, respondError, type Actor, type RunningApp } from '@vv/platform';
import { createTestEnvironment, eventually, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { createMessagingApp } from '../src/app';
import type { Page } from './threads-harness';

/** The statements of the read paths: the topic or post, the membership facts, the page. */
const READ_PATH =
  /messaging\.(get_topic|get_membership|get_post|list_posts|list_replies|list_topics|get_conversation_access|list_messages)/;

const textOf = (config: unknown): string =>
  typeof config === 'string' ? config : ((config as { text?: string }).text ?? '');

/**
 * A page of a topic (and a thread's replies, a topic, a village's topics) is one statement (the
 * data and the caller's membership facts together) decided by libs/access; refused callers get the same errors as before and no page; a member the replica
 * does not know yet is asked of identity and then served. Messaging alone on real PostgreSQL and NATS.
 */
describe('hot reads of topics and posts: one round trip (messaging, real PostgreSQL + NATS)', () => {
  let t: TestEnvironment;
  let running: RunningApp;
  let sql: Client;
  /** What identity answers to membership.get: the role per user of `villageId`. */
  const identityRoles = new Map<string, string>();
  const villageId = randomUUID();
  const actor = (): Actor => ({ userId: randomUUID(), sessionId: randomUUID() });
  const ann = actor();
  let topicId: string;
  let rootId: string;
  /** Every statement sent by a pg client (the spy calls through). */
  let query: jest.SpiedFunction<Client['query']>;
  /** The read path's statements messaging sent since the test began. */
  const statements = (): string[] =>
    query.mock.calls
      .filter((_args, i) => query.mock.contexts[i] !== sql)
      .map((args) => textOf(args[0]))
      .filter((text) => READ_PATH.test(text));

  const call = <R>(
    def: Parameters<RunningApp['services']['client']['call']>[0],
    request: unknown,
    by: Actor,
  ) => running.services.client.call(def, request, { actor: by }) as Promise<R>;

  beforeAll(async () => {
    t = await createTestEnvironment();
    running = t.track(await createMessagingApp({ ...t.env, MESSAGING_HTTP_PORT: '0' }));
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    t.track({ close: () => sql.end() });
    const { nc } = running.services;
    const subscriptions = [
      nc.subscribe(commandSubject(t.prefix, membershipGet), {
        callback: (_error, msg) => {
          const { userId } = msg.json<{ villageId: string; userId: string }>();
          const role = identityRoles.get(userId) ?? null;
          respondData(msg, { village: { id: villageId, visibility: 'private' }, role });
        },
      }),
      nc.subscribe(commandSubject(t.prefix, metadataGet), {
        callback: (_error, msg) => {
          respondError(msg, { code: 'not_found', message: 'No such document' });
        },
      }),
    ];
    t.track({
      close: () => {
        subscriptions.forEach((s) => s.unsubscribe());
        return Promise.resolve();
      },
    });
    await sql.query("select messaging.apply_village_event($1, 'private', false, now(), $2)", [
      villageId,
      randomUUID(),
    ]);
    await sql.query("select messaging.apply_membership_event($1, $2, 'member', false, now(), $3)", [
      villageId,
      ann.userId,
      randomUUID(),
    ]);
    topicId = (await call<{ id: string }>(topicCreate, { villageId, title: 'read path' }, ann)).id;
    rootId = (await call<Post>(postCreate, { topicId, body: 'first' }, ann)).id;
    await call(postCreate, { topicId, body: 'a reply', parentId: rootId }, ann);
    await call(postCreate, { topicId, body: 'second' }, ann);

    query = jest.spyOn(Client.prototype, 'query');
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t.cleanup();
  });

  beforeEach(() => {
    query.mockClear();
  });

  it('checks the caller, then reads the first page through the read cache; a later page is one statement of JSON', async () => {
    const bodies = (page: Page): string[] => page.items.map((post) => post.body);
    // A miss: the caller's right to read (the topic and the membership facts), then the page.
    const whole = await call<Page>(postList, { topicId, limit: 10 }, ann);
    expect(bodies(whole)).toEqual(['second', 'first']);
    expect(statements()).toEqual([
      expect.stringContaining('messaging.get_topic_with_membership('),
      expect.stringContaining('messaging.list_posts_with_membership('),
    ]);
    // The page it loaded carries its own reactions: no separate read of them.
    expect(query.mock.calls.map((args) => textOf(args[0])).join('\n')).not.toContain('list_my_reactions');
    // A hit: the check alone (once the events of the posts written before have emptied the cache).
    let one: Page | undefined;
    await eventually(async () => {
      query.mockClear();
      one = await call<Page>(postList, { topicId, limit: 1 }, ann);
      expect(statements()).toEqual([expect.stringContaining('messaging.get_topic_with_membership(')]);
    });
    expect(bodies(one!)).toEqual(['second']);
    // A later page: the topic, the membership facts and the page in one statement.
    query.mockClear();
    const next = await call<Page>(postList, { topicId, limit: 1, cursor: one!.nextCursor }, ann);
    expect(bodies(next)).toEqual(['first']);
    expect(statements()).toEqual([expect.stringContaining('messaging.list_posts_page_json(')]);
    // That page is PostgreSQL's JSON, sent on unparsed: the same post as the row-wise first page.
    expect(next.items[0]).toEqual(whole.items[1]);
  });

  it('answers an empty page of a readable topic', async () => {
    const empty = (await call<{ id: string }>(topicCreate, { villageId, title: 'empty' }, ann)).id;
    await expect(call<Page>(postList, { topicId: empty }, ann)).resolves.toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('refuses an outsider of a private village as before (not_found, no page)', async () => {
    const outsider = actor();
    await expect(call<Page>(postList, { topicId }, outsider)).rejects.toMatchObject({
      code: 'not_found',
      message: 'Village not found',
    });
  });

  it('answers not_found for a topic that does not exist', async () => {
    await expect(call<Page>(postList, { topicId: randomUUID() }, ann)).rejects.toMatchObject({
      code: 'not_found',
      message: 'Topic not found',
    });
  });

  it('serves a member the replica does not know yet, after asking identity, and the replica then knows them', async () => {
    const fresh = actor();
    identityRoles.set(fresh.userId, 'member');
    const page = await call<Page>(postList, { topicId }, fresh);
    expect(page.items.map((post) => post.body)).toEqual(['second', 'first']);
    // The first check came back with the replica's refusal; it ran again once identity allowed.
    expect(statements().filter((text) => text.includes('get_topic_with_membership'))).toHaveLength(2);

    query.mockClear();
    await call<Page>(postList, { topicId }, fresh);
    expect(statements()).toHaveLength(1);
  });

  it('refuses a removed member of a private village as before', async () => {
    const former = actor();
    for (const removed of [false, true]) {
      await sql.query("select messaging.apply_membership_event($1, $2, 'member', $3, now(), $4)", [
        villageId,
        former.userId,
        removed,
        randomUUID(),
      ]);
    }
    await expect(call<Page>(postList, { topicId }, former)).rejects.toMatchObject({
      code: 'not_found',
      message: 'Village not found',
    });
  });

  it("reads a thread's replies, a topic and a village's topics in one statement each, and refuses outsiders as before", async () => {
    const replies = await call<Page>(postList, { topicId, parentId: rootId }, ann);
    expect(replies.items.map((post) => post.body)).toEqual(['a reply']);
    expect(await call<Topic>(topicGet, { topicId }, ann)).toMatchObject({ id: topicId, title: 'read path' });
    const topics = await call<{ items: Topic[] }>(topicList, { villageId }, ann);
    expect(topics.items.map((topic) => topic.id)).toContain(topicId);
    expect(statements().map((text) => /messaging\.(\w+)\(/.exec(text)?.[1])).toEqual([
      'list_replies_with_membership',
      'get_topic_with_membership',
      'list_topics_with_membership',
    ]);

    const outsider = actor();
    const refused = { code: 'not_found', message: 'Village not found' };
    await expect(call(postList, { topicId, parentId: rootId }, outsider)).rejects.toMatchObject(refused);
    await expect(call(topicGet, { topicId }, outsider)).rejects.toMatchObject(refused);
    await expect(call(topicList, { villageId }, outsider)).rejects.toMatchObject(refused);
  });

  it('answers replies of an unknown parent, or of a parent in another topic, as before', async () => {
    await expect(call(postList, { topicId, parentId: randomUUID() }, ann)).rejects.toMatchObject({
      code: 'not_found',
      message: 'Post not found',
    });
    const other = (await call<{ id: string }>(topicCreate, { villageId, title: 'other' }, ann)).id;
    await expect(call(postList, { topicId: other, parentId: rootId }, ann)).rejects.toMatchObject({
      code: 'invalid',
    });
    await expect(call(topicGet, { topicId: randomUUID() }, ann)).rejects.toMatchObject({
      code: 'not_found',
      message: 'Topic not found',
    });
  });

  it('reads a page of a conversation in one statement; outsiders and removed members get not_found as before', async () => {
    const bob = actor();
    const joinBob = async (removed: boolean) => {
      await sql.query("select messaging.apply_membership_event($1, $2, 'member', $3, now(), $4)", [
        villageId,
        bob.userId,
        removed,
        randomUUID(),
      ]);
    };
    await joinBob(false);
    const { id } = await call<{ id: string }>(
      conversationCreate,
      { villageId, memberIds: [bob.userId] },
      ann,
    );
    await call(messageSend, { conversationId: id, body: 'hello' }, ann);
    query.mockClear();

    const page = await call<{ items: Array<{ body: string }> }>(messageList, { conversationId: id }, bob);
    expect(page.items.map((message) => message.body)).toEqual(['hello']);
    expect(statements()).toHaveLength(1);
    expect(statements()[0]).toContain('messaging.list_messages_with_membership(');

    const refused = { code: 'not_found', message: 'Conversation not found' };
    await expect(call(messageList, { conversationId: id }, actor())).rejects.toMatchObject(refused);
    await joinBob(true);
    await expect(call(messageList, { conversationId: id }, bob)).rejects.toMatchObject(refused);
  });
});
