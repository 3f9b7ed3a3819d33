import { type Post, postDelete, postList, postUpdate, topicUpdate } from '@vv/contracts';
import { Page, threadsSuite, type ThreadsSuite } from './threads-harness';

/**
 * Threads against messaging alone on real PostgreSQL and NATS: replies, activity order, tombstones,
 * who edits, archived and locked topics, keyset walks.
 */
describe('threads (messaging, real PostgreSQL + NATS)', () => {
  const s = threadsSuite();
  let ann: ThreadsSuite['ann'];
  let bob: ThreadsSuite['bob'];
  let admin: ThreadsSuite['admin'];
  let call: ThreadsSuite['call'];
  let post: ThreadsSuite['post'];
  let newTopic: ThreadsSuite['newTopic'];
  let walk: ThreadsSuite['walk'];

  beforeAll(() => {
    ({ ann, bob, admin, call, post, newTopic, walk } = s);
  });

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
});
