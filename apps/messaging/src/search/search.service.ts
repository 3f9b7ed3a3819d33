import { Injectable } from '@nestjs/common';
import { Access } from '@vv/access';
import type { ParsedRequestOf, ResponseOf, searchQuery } from '@vv/contracts';
import { cursorTimestamp, decodeCursor, pageOf, type Actor } from '@vv/platform';
import { z } from 'zod';
import { toSearchHit } from './search-hit-row';
import { mayFindMessages, SEARCH_PERMISSION } from './search.policy';
import { SearchRepository } from './search.repository';

/** The search cursor: the last hit's (rank, created_at, id). */
const searchKey = z.tuple([z.number(), cursorTimestamp, z.uuid()]);

/** Full-text search over what the caller may read in a village. */
@Injectable()
export class SearchService {
  constructor(
    private readonly repository: SearchRepository,
    private readonly access: Access,
  ) {}

  async search(
    actor: Actor,
    request: ParsedRequestOf<typeof searchQuery>,
  ): Promise<ResponseOf<typeof searchQuery>> {
    const after = decodeCursor(request.cursor, searchKey);
    const facts = await this.access.assert(actor, SEARCH_PERMISSION, request.villageId);
    const rows = await this.repository.search({
      villageId: request.villageId,
      userId: actor.userId,
      q: request.q,
      limit: request.limit + 1,
      includeMessages: mayFindMessages(facts),
      after,
    });
    return pageOf(rows, request.limit, (row) => [row.rank, row.sortKey, row.id], toSearchHit);
  }
}
