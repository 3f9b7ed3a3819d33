import {
  findEvent,
  type Post,
  postDelete,
  postList,
  postUpdate,
  reactionAdd,
  reactionRemove,
  topicUpdate,
} from '@vv/contracts';
import { Page, threadsSuite, type ThreadsSuite } from './threads-harness';

/**
 * Threads against messaging alone on real PostgreSQL and NATS: walks while replies arrive, reactions,
 * outsiders and moderation, events.
 */
describe('threads (messaging, real PostgreSQL + NATS)', () => {
  const s = threadsSuite();
  let sql: ThreadsSuite['sql'];
  let villageId: ThreadsSuite['villageId'];
  let actor: ThreadsSuite['actor'];
  let ann: ThreadsSuite['ann'];
  let bob: ThreadsSuite['bob'];
  let call: ThreadsSuite['call'];
  let post: ThreadsSuite['post'];
  let newTopic: ThreadsSuite['newTopic'];

  beforeAll(() => {
    ({ sql, villageId, actor, ann, bob, call, post, newTopic } = s);
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
