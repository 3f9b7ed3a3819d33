import { membershipRemoved, postList, reactionAdd, type Post } from '@vv/contracts';
import type { RunningApp } from '@vv/platform';
import { eventually, metricValue, publishEvent } from '@vv/testing';
import { createMessagingApp } from '../src/app';
import { threadsSuite, type Page } from './threads-harness';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each([
  ['in process', {}],
  ['through Redis', { REDIS_URL }],
] as const)("A topic's first page from the read cache (%s)", (_mode, env) => {
  const s = threadsSuite(env);
  const hits = (app: RunningApp = s.running): Promise<number> =>
    metricValue(app.services.metrics, 'vv_read_cache_hits_total');
  const firstPage = (topicId: string, by = s.ann, limit = 20): Promise<Page> =>
    s.call<Page>(postList, { topicId, limit }, by);
  const bodies = (page: Page): string[] => page.items.map((post) => post.body);

  it('answers a repeated read from the cache, and shows a write at once to the replica that made it', async () => {
    const topicId = await s.newTopic();
    await s.post(topicId, 'first', s.ann);
    expect(bodies(await firstPage(topicId))).toEqual(['first']);
    // Once the post's own event has invalidated the page (it may come after the first read).
    await eventually(async () => {
      const before = await hits();
      expect(bodies(await firstPage(topicId, s.bob))).toEqual(['first']);
      expect(await hits()).toBeGreaterThan(before);
    });
    await s.post(topicId, 'second', s.bob);
    expect(bodies(await firstPage(topicId))).toEqual(['second', 'first']);
  });

  it("overlays each reader's own reactions on the shared page", async () => {
    const topicId = await s.newTopic();
    const post = await s.post(topicId, 'react to me', s.ann);
    await firstPage(topicId, s.bob);
    await s.call<Post>(reactionAdd, { postId: post.id, emoji: '👍' }, s.bob);
    const [byBob, byAnn] = [await firstPage(topicId, s.bob), await firstPage(topicId, s.ann)];
    expect(byBob.items[0]).toMatchObject({ reactions: { '👍': 1 }, myReactions: ['👍'] });
    expect(byAnn.items[0]).toMatchObject({ reactions: { '👍': 1 }, myReactions: [] });
    // A larger page than the cached one is read past the cache, with the same overlay.
    expect((await firstPage(topicId, s.bob, 50)).items[0]).toMatchObject({ myReactions: ['👍'] });
  });

  it('refuses a cached page to a member removed a moment ago', async () => {
    const topicId = await s.newTopic();
    const leaver = s.actor();
    await s.join(leaver.userId);
    await s.post(topicId, 'members only', s.ann);
    // The member's read is answered from the cache (once the post's event has passed).
    await eventually(async () => {
      const before = await hits();
      expect(bodies(await firstPage(topicId, leaver))).toEqual(['members only']);
      expect(await hits()).toBeGreaterThan(before);
    });
    await publishEvent(s.running.services.nc, s.t.prefix, membershipRemoved, {
      villageId: s.villageId,
      userId: leaver.userId,
      role: 'member',
      reason: 'removed',
    });
    // The removal reaches messaging's membership replica as an event; the page stays cached for
    // the members, and the access check before the cache refuses the one who left.
    await eventually(() => expect(firstPage(topicId, leaver)).rejects.toMatchObject({ code: 'not_found' }));
    await eventually(async () => {
      const before = await hits();
      expect(bodies(await firstPage(topicId, s.bob))).toEqual(['members only']);
      expect(await hits()).toBeGreaterThan(before);
    });
  });

  it("invalidates another replica's copy through the post events", async () => {
    const other = s.t.track(await createMessagingApp({ ...s.t.env, ...env, MESSAGING_HTTP_PORT: '0' }));
    const topicId = await s.newTopic();
    await s.post(topicId, 'old news', s.ann);
    const readThere = (): Promise<Page> =>
      other.services.client.call(postList, { topicId, limit: 20 }, { actor: s.bob });
    expect(bodies(await readThere())).toEqual(['old news']);
    expect(bodies(await readThere())).toEqual(['old news']);
    await s.post(topicId, 'news', s.ann);
    await eventually(async () => expect(bodies(await readThere())).toEqual(['news', 'old news']));
  });
});
