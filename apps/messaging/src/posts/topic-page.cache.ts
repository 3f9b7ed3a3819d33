import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PAGE_LIMIT_DEFAULT } from '@vv/contracts';
import { ReadCache } from '@vv/platform';
import { MyReactionsRepository } from './my-reactions.repository';
import type { ThreadRow } from './post-row';

/** A topic's first page as every member sees it (no myReactions), loaded at `limit`. */
interface SharedPage {
  limit: number;
  rows: ThreadRow[];
  /** Changes with every load: names the per-actor reaction entries that belong to this page. */
  stamp: string;
}

const pageKey = (topicId: string): string => `topic-page:${topicId}`;

/**
 * The first page of a topic's threads from the read cache (docs/performance.md, "Cached reads").
 * The caller has passed the access check already. The page is shared by every reader, so it is
 * stored without `myReactions`; each actor's own reactions on it are a second entry keyed by the
 * page's stamp: any reaction changes the page's counts, so the page is invalidated, reloaded
 * under a new stamp, and the actors' entries of the old one are never read again (no per-actor
 * invalidation needed). Post and reaction events invalidate (TopicPageCacheConsumer); so does
 * the replica that made the write, at once.
 */
@Injectable()
export class TopicPageCache {
  constructor(
    private readonly cache: ReadCache,
    private readonly myReactions: MyReactionsRepository,
  ) {}

  /** Whether first pages are cached here at all (the read cache is on). */
  get enabled(): boolean {
    return this.cache.enabled;
  }

  /** `limit + 1` rows (as `load` returns them) of the topic's first page, with the actor's reactions. */
  async firstPage(
    actorId: string,
    topicId: string,
    limit: number,
    load: (limit: number) => Promise<ThreadRow[]>,
  ): Promise<ThreadRow[]> {
    // Stored at least at the API's default size, so a smaller page first does not make every
    // default-sized read miss; the first rows of a larger first page are the smaller page.
    const stored = Math.max(limit, PAGE_LIMIT_DEFAULT);
    let loaded: ThreadRow[] | undefined;
    const page = await this.cache.get<SharedPage>(pageKey(topicId), async () => {
      loaded = await load(stored);
      return { limit: stored, rows: loaded.map((row) => ({ ...row, myReactions: [] })), stamp: randomUUID() };
    });
    // A page cached for fewer rows than asked for is no answer: read this one past the cache.
    if (page.limit < limit) return load(limit);
    // This caller's own load: its rows already carry its reactions.
    if (loaded) return loaded.slice(0, limit + 1);
    const rows = page.rows.slice(0, limit + 1);
    if (rows.length === 0) return rows;
    const mine: Partial<Record<string, string[]>> = await this.cache.get(
      `topic-reactions:${topicId}:${page.stamp}:${actorId}`,
      () =>
        this.myReactions.list(
          actorId,
          page.rows.map((row) => row.id),
        ),
    );
    return rows.map((row) => {
      const emojis = mine[row.id];
      return emojis ? { ...row, myReactions: emojis } : row;
    });
  }

  /** Forgets the topics' cached pages (and so their actors' reaction entries); rejects if Redis fails. */
  forget(topicIds: readonly string[]): Promise<void> {
    return this.cache.invalidate([...new Set(topicIds)].map(pageKey));
  }

  /**
   * After this replica changed the topic: forgets its page at once (the writer reads its write).
   * A Redis failure is not the writer's (ReadCache logs and counts it; the event retries it).
   */
  async written(topicId: string): Promise<void> {
    await this.forget([topicId]).catch(() => undefined);
  }
}
