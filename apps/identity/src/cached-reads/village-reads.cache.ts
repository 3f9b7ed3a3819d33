import { Injectable } from '@nestjs/common';
import { PAGE_LIMIT_DEFAULT } from '@vv/contracts';
import { ReadCache } from '@vv/platform';
import type { MemberRow } from '../members/members.repository';
import type { VillageRow } from '../villages/village-row';

/** A village's first member page as everyone sees it before the viewer's filter, loaded at `limit`. */
interface SharedMembers {
  limit: number;
  rows: MemberRow[];
}

const villageKey = (villageId: string): string => `village:${villageId}`;
const membersKey = (villageId: string): string => `members:${villageId}`;

/**
 * A village and its member list's first page from the read cache (docs/performance.md, "Cached
 * reads"). Callers have passed VillageAccess first, on every read. The cached village holds no
 * `myRole` (the caller's role comes from the access check's facts); member rows are cached raw
 * and filtered per viewer by MembersService as before. Identity's events invalidate
 * (CachedReadsConsumer); so does the replica that made the write, at once.
 */
@Injectable()
export class VillageReadsCache {
  constructor(private readonly cache: ReadCache) {}

  /** The village (null: none) with `myRole` as given; `load` reads it for any caller. */
  async village(
    villageId: string,
    myRole: string | null,
    load: () => Promise<VillageRow | undefined>,
  ): Promise<VillageRow | undefined> {
    // No village is not cached: `null` stands for it only within this call.
    const row = await this.cache
      .get<VillageRow | null>(villageKey(villageId), async () => {
        const found = await load();
        if (!found) throw new NoVillage();
        return { ...found, myRole: null };
      })
      .catch((error: unknown) => {
        if (error instanceof NoVillage) return null;
        throw error;
      });
    return row ? { ...row, myRole } : undefined;
  }

  /** `limit + 1` rows of the village's first member page, as `load` returns them. */
  async firstMembers(
    villageId: string,
    limit: number,
    load: (limit: number) => Promise<MemberRow[]>,
  ): Promise<MemberRow[]> {
    // Stored at least at the API's default size, so a smaller page first does not make every
    // default-sized read miss; the first rows of a larger first page are the smaller page.
    const stored = Math.max(limit, PAGE_LIMIT_DEFAULT);
    const page = await this.cache.get<SharedMembers>(membersKey(villageId), async () => ({
      limit: stored,
      rows: await load(stored),
    }));
    // A page cached for fewer rows than asked for is no answer: read this one past the cache.
    return page.limit < limit ? load(limit) : page.rows.slice(0, limit + 1);
  }

  /** Forgets the villages' cached village and member page; rejects if Redis fails. */
  forget(villageIds: readonly string[]): Promise<void> {
    return this.cache.invalidate([...new Set(villageIds)].flatMap((id) => [villageKey(id), membersKey(id)]));
  }

  /**
   * After this replica changed the village or its members: forgets at once (the writer reads its
   * write). A Redis failure is not the writer's (ReadCache logs and counts it; the event retries it).
   */
  async written(villageId: string): Promise<void> {
    await this.forget([villageId]).catch(() => undefined);
  }
}

/** A load that found no village: nothing to store. */
class NoVillage extends Error {}
