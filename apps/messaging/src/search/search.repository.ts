import { Injectable } from '@nestjs/common';
import { Database } from '@vv/platform';
import type { SearchHitRow } from './search-hit-row';

export interface SearchVillageQuery {
  villageId: string;
  userId: string;
  q: string;
  /** Rows to fetch (a page's limit + 1, to know whether there is a next page). */
  limit: number;
  includeMessages: boolean;
  /** The previous page's last (rank, created_at, id). */
  after?: readonly [rank: number, createdAt: string, id: string];
}

export interface SearchLanguageChange {
  language: string;
  changed: boolean;
  reindexedPosts: string;
  reindexedMessages: string;
}

/** The only file of the search module that calls SQL. */
@Injectable()
export class SearchRepository {
  constructor(private readonly db: Database) {}

  /** One page of hits, in one round trip. */
  search(query: SearchVillageQuery): Promise<SearchHitRow[]> {
    return this.db.call<SearchHitRow>('messaging.search_village', {
      villageId: query.villageId,
      userId: query.userId,
      query: query.q,
      limit: query.limit,
      includeMessages: query.includeMessages,
      beforeRank: query.after?.[0],
      beforeCreatedAt: query.after?.[1],
      beforeId: query.after?.[2],
    });
  }

  /** Sets the language of search vectors and queries; re-computes every vector when it changes. */
  setLanguage(language: string): Promise<SearchLanguageChange> {
    return this.db.one<SearchLanguageChange>('messaging.set_search_language', { language });
  }
}
