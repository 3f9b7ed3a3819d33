import { randomUUID } from 'node:crypto';
import {
  commandSubject,
  findEvent,
  membershipGet,
  metadataGet,
  postCreate,
  postDelete,
  postList,
  postUpdate,
  reactionAdd,
  reactionRemove,
  topicCreate,
  topicUpdate,
  type Post,
  type ResponseOf,
} from '@vv/contracts';
import type { Actor, RunningApp } from '@vv/platform';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { createMessagingApp } from '../src/app';

type Page = ResponseOf<typeof postList>;

/**
 * Threads, tombstones, reactions and the stability of a page walk, against messaging alone on
 * real PostgreSQL and NATS. Memberships reach the replica as identity's events would; identity's
 * read-through answers "not a member".
 */
describe('threads (messaging, real PostgreSQL + NATS)', () => {
  let t: TestEnvironment;
  let running: RunningApp;
  let sql: Client;
  const villageId = randomUUID();
  const actor = (): Actor => ({ userId: randomUUID(), sessionId: randomUUID() });
  const ann = actor();
  const bob = actor();
  const admin = actor();

  const join = async (userId: string, role = 'member'): Promise<void> => {
    await sql.query('select messaging.apply_membership_event($1, $2, $3, false, now(), $4)', [
      villageId,
      userId,
      role,
      randomUUID(),
    ]);
  };
  const call = <R>(
    def: Parameters<RunningApp['services']['client']['call']>[0],
    request: unknown,
    by: Actor,
  ) => running.services.client.call(def, request, { actor: by }) as Promise<R>;
  const post = (topicId: string, body: string, by: Actor, parentId?: string) =>
    call<Post>(postCreate, { topicId, body, parentId }, by);
  const newTopic = async (): Promise<string> =>
    (await call<{ id: string }>(topicCreate, { villageId, title: `t ${randomUUID()}` }, ann)).id;
  const walk = async (topicId: string, limit: number, between?: (page: number) => Promise<void>) => {
    const seen: Post[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await call<Page>(postList, { topicId, limit, cursor }, ann);
      seen.push(...result.items);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
      if (between) await between(page);
    }
    return seen;
  };

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
          const { villageId: village } = msg.json<{ villageId: string }>();
          msg.respond(
            JSON.stringify({ data: { village: { id: village, visibility: 'private' }, role: null } }),
          );
        },
      }),
      nc.subscribe(commandSubject(t.prefix, metadataGet), {
        callback: (_error, msg) => {
          msg.respond(JSON.stringify({ error: { code: 'not_found', message: 'No such document' } }));
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
    await join(ann.userId);
    await join(bob.userId);
    await join(admin.userId, 'admin');
  });

  afterAll(() => t.cleanup());

  it('lists replies oldest first, keeps reply counts and latest reply time on the thread, and refuses replies to replies', async () => {
    const topicId = await newTopic();
    const root = await post(topicId, 'root', ann);
    const replies: Post[] = [];
    for (let i = 0; i < 5; i++) replies.push(await post(topicId, `reply ${i}`, i % 2 ? ann : bob, root.id));

    const page1 = await call<Page>(postList, { topicId, parentId: root.id, limit: 3 }, ann);
    const page2 = await call<Page>(
      postList,
      { topicId, parentId: root.id, limit: 3, cursor: page1.nextCursor },
      ann,
    );
    expect([...page1.items, ...page2.items].map((p) => p.body)).toEqual(replies.map((p) => p.body));
    expect(page2.nextCursor).toBeNull();

    const threads = await call<Page>(postList, { topicId, limit: 10 }, ann);
    expect(threads.items).toHaveLength(1);
    expect(threads.items[0]).toMatchObject({
      id: root.id,
      parentId: null,
      replyCount: 5,
      lastReplyAt: replies[4].createdAt,
      lastActivityAt: replies[4].createdAt,
    });

    await expect(post(topicId, 'nested', ann, replies[0].id)).rejects.toMatchObject({ code: 'invalid' });
    const other = await newTopic();
    await expect(post(other, 'elsewhere', ann, root.id)).rejects.toMatchObject({ code: 'invalid' });

    // Deleting a reply updates the counts and the latest reply time.
    await call(postDelete, { postId: replies[4].id }, bob);
    const after = await call<Page>(postList, { topicId, limit: 10 }, ann);
    expect(after.items[0]).toMatchObject({ replyCount: 4, lastReplyAt: replies[3].createdAt });
  });

  it('orders threads by newest activity: a reply bumps its thread to the top', async () => {
    const topicId = await newTopic();
    const a = await post(topicId, 'a', ann);
    const b = await post(topicId, 'b', ann);
    const c = await post(topicId, 'c', ann);
    expect((await call<Page>(postList, { topicId }, ann)).items.map((p) => p.id)).toEqual([c.id, b.id, a.id]);
    await post(topicId, 'bump', bob, a.id);
    expect((await call<Page>(postList, { topicId }, ann)).items.map((p) => p.id)).toEqual([a.id, c.id, b.id]);
  });

  it('keeps a deleted thread with replies as a tombstone; a post without replies disappears; the last reply takes the tombstone with it', async () => {
    const topicId = await newTopic();
    const lonely = await post(topicId, 'lonely', ann);
    const root = await post(topicId, 'secret', ann, undefined);
    const reply = await post(topicId, 'answer', bob, root.id);

    await call(postDelete, { postId: root.id }, ann);
    await call(postDelete, { postId: lonely.id }, ann);
    const threads = await call<Page>(postList, { topicId }, bob);
    expect(threads.items).toHaveLength(1);
    expect(threads.items[0]).toMatchObject({ id: root.id, body: '', data: {}, replyCount: 1 });
    expect(threads.items[0].deletedAt).not.toBeNull();
    const replies = await call<Page>(postList, { topicId, parentId: root.id }, bob);
    expect(replies.items.map((p) => p.body)).toEqual(['answer']);
    await expect(call(postUpdate, { postId: root.id, patch: { body: 'back' } }, ann)).rejects.toMatchObject({
      code: 'conflict',
    });

    await call(postDelete, { postId: reply.id }, bob);
    expect((await call<Page>(postList, { topicId }, bob)).items).toEqual([]);
  });

  it('lets the author or a moderator edit and delete, nobody else', async () => {
    const topicId = await newTopic();
    const mine = await post(topicId, 'mine', ann);
    await expect(call(postUpdate, { postId: mine.id, patch: { body: 'hacked' } }, bob)).rejects.toMatchObject(
      {
        code: 'forbidden',
      },
    );
    await expect(call(postDelete, { postId: mine.id }, bob)).rejects.toMatchObject({ code: 'forbidden' });
    const edited = await call<Post>(postUpdate, { postId: mine.id, patch: { body: 'edited' } }, ann);
    expect(edited).toMatchObject({ body: 'edited' });
    expect(edited.editedAt).not.toBeNull();
    await call(postUpdate, { postId: mine.id, patch: { data: { by: 'admin' } } }, admin);
    await call(postDelete, { postId: mine.id }, admin);
    expect((await call<Page>(postList, { topicId }, ann)).items).toEqual([]);
  });

  it('refuses posts in an archived topic, and in a locked one except from moderators', async () => {
    const topicId = await newTopic();
    await call(topicUpdate, { topicId, patch: { locked: true } }, admin);
    await expect(post(topicId, 'no', ann)).rejects.toMatchObject({ code: 'conflict' });
    await expect(post(topicId, 'moderator', admin)).resolves.toMatchObject({ body: 'moderator' });
    await call(topicUpdate, { topicId, patch: { locked: false, archived: true } }, admin);
    await expect(post(topicId, 'no', ann)).rejects.toMatchObject({ code: 'conflict' });
    await expect(post(topicId, 'no', admin)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('walks every thread that existed at the start exactly once while threads and replies arrive', async () => {
    const topicId = await newTopic();
    const initial: Post[] = [];
    for (let i = 0; i < 40; i++) initial.push(await post(topicId, `p${i}`, ann));
    for (const [i, p] of initial.entries()) if (i % 7 === 0) await post(topicId, `r${i}`, bob, p.id);

    const arrived: string[] = [];
    const seen = await walk(topicId, 6, async (page) => {
      // New threads, and replies to threads already listed and not yet listed (which bump them
      // above the cursor), plus a reply to a new thread.
      const fresh = await post(topicId, `new ${page}`, bob);
      arrived.push(fresh.id);
      await post(topicId, 'reply to new', ann, fresh.id);
      await post(topicId, 'reply to oldest', ann, initial[page].id);
      await post(topicId, 'reply to newest', ann, initial[39 - page].id);
      await post(topicId, 'reply to middle', bob, initial[20 + (page % 5)].id);
    });

    const ids = seen.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length); // no duplicates
    expect([...ids].sort()).toEqual(initial.map((p) => p.id).sort()); // no gaps, nothing from after the start
    expect(ids.some((id) => arrived.includes(id))).toBe(false);

    // A new walk lists the newcomers, newest activity first.
    const again = await walk(topicId, 50);
    expect(again).toHaveLength(40 + arrived.length);
    const activity = again.map((p) => p.lastActivityAt);
    expect(activity).toEqual([...activity].sort().reverse());
  });

  it('walks a thread across pages without duplicates or gaps while replies arrive', async () => {
    const topicId = await newTopic();
    const root = await post(topicId, 'root', ann);
    const initial: string[] = [];
    for (let i = 0; i < 23; i++) initial.push((await post(topicId, `r${i}`, bob, root.id)).id);
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page: Page = await call<Page>(
        postList,
        { topicId, parentId: root.id, limit: 5, cursor: cursor ?? undefined },
        ann,
      );
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
      await post(topicId, 'late', ann, root.id);
    } while (cursor);
    expect(seen.slice(0, 23)).toEqual(initial);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("counts reactions one per member per emoji and returns them with a page, with the caller's own", async () => {
    const topicId = await newTopic();
    const p = await post(topicId, 'react to me', ann);
    await call(reactionAdd, { postId: p.id, emoji: '👍' }, bob);
    await call(reactionAdd, { postId: p.id, emoji: '👍' }, bob); // idempotent
    await call(reactionAdd, { postId: p.id, emoji: '👍' }, ann);
    const withParty = await call<Post>(reactionAdd, { postId: p.id, emoji: ':tada:' }, bob);
    expect(withParty).toMatchObject({ reactions: { '👍': 2, ':tada:': 1 }, myReactions: [':tada:', '👍'] });

    const asAnn = await call<Page>(postList, { topicId }, ann);
    expect(asAnn.items[0]).toMatchObject({ reactions: { '👍': 2, ':tada:': 1 }, myReactions: ['👍'] });

    const removed = await call<Post>(reactionRemove, { postId: p.id, emoji: '👍' }, bob);
    await call(reactionRemove, { postId: p.id, emoji: '👍' }, bob); // idempotent
    expect(removed).toMatchObject({ reactions: { '👍': 1, ':tada:': 1 }, myReactions: [':tada:'] });
    await call(reactionRemove, { postId: p.id, emoji: ':tada:' }, bob);
    expect((await call<Page>(postList, { topicId }, bob)).items[0]).toMatchObject({
      reactions: { '👍': 1 },
      myReactions: [],
    });
    const rows = await sql.query(
      'select count(*)::int as n from messaging.post_reactions where post_id = $1',
      [p.id],
    );
    expect(rows.rows[0].n).toBe(1);

    await expect(call(reactionAdd, { postId: p.id, emoji: 'not an emoji' }, bob)).rejects.toMatchObject({
      code: 'invalid',
    });
    await expect(call(reactionAdd, { postId: p.id, emoji: '👍👍' }, bob)).rejects.toMatchObject({
      code: 'invalid',
    });
    await expect(call(reactionAdd, { postId: p.id, emoji: '👍🏽' }, bob)).resolves.toMatchObject({
      reactions: { '👍🏽': 1 },
    });
  });

  it('keeps outsiders of a private village out (not_found) and members without moderation from moderating (forbidden)', async () => {
    const topicId = await newTopic();
    const p = await post(topicId, 'inside', ann);
    const outsider = actor();
    await expect(call(postList, { topicId }, outsider)).rejects.toMatchObject({ code: 'not_found' });
    await expect(post(topicId, 'x', outsider)).rejects.toMatchObject({ code: 'not_found' });
    await expect(call(reactionAdd, { postId: p.id, emoji: '👍' }, outsider)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(call(postDelete, { postId: p.id }, outsider)).rejects.toMatchObject({ code: 'not_found' });
    await expect(call(topicUpdate, { topicId, patch: { pinned: true } }, bob)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('writes each event in the same transaction, with the ids consumers need, valid against its contract', async () => {
    const topicId = await newTopic();
    const root = await post(topicId, 'hello', ann);
    const reply = await post(topicId, 'hi', bob, root.id);
    await call(postUpdate, { postId: reply.id, patch: { body: 'hi!' } }, bob);
    await call(reactionAdd, { postId: root.id, emoji: '🎉' }, bob);
    await call(reactionRemove, { postId: root.id, emoji: '🎉' }, bob);
    await call(postDelete, { postId: reply.id }, bob);

    const { rows } = await sql.query<{
      type: string;
      version: number;
      village_id: string;
      data: Record<string, unknown>;
    }>(
      `select type, version, village_id, data from messaging.outbox
        where data->>'topicId' = $1 order by seq`,
      [topicId],
    );
    expect(rows.map((row) => row.type)).toEqual([
      'messaging.topic.created',
      'messaging.post.created',
      'messaging.post.created',
      'messaging.post.edited',
      'messaging.reaction.added',
      'messaging.reaction.removed',
      'messaging.post.deleted',
    ]);
    for (const row of rows) {
      const def = findEvent(row.type, row.version);
      expect(def).toBeDefined();
      expect(def?.data.safeParse(row.data).success).toBe(true);
      expect(row.village_id).toBe(villageId);
    }
    expect(rows[2].data).toMatchObject({
      postId: reply.id,
      parentId: root.id,
      authorId: bob.userId,
      parentAuthorId: ann.userId,
    });
    expect(rows[4].data).toMatchObject({
      postId: root.id,
      postAuthorId: ann.userId,
      userId: bob.userId,
      emoji: '🎉',
    });
    expect(rows[6].data).toMatchObject({ postId: reply.id, tombstone: false });
  });
});
