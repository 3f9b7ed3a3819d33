import type { SearchHit } from '@vv/contracts';
import { snippetPieces } from './snippet';

/** A row of `messaging.search_village` (camelCase, ISO timestamps). */
export interface SearchHitRow {
  kind: 'post' | 'message';
  id: string;
  topicId: string | null;
  conversationId: string | null;
  parentId: string | null;
  authorId: string;
  /** The headline, matches between U+E000 and U+E001. */
  snippet: string;
  /** `ts_rank_cd` as double precision (exact through JSON, so the cursor repeats it exactly). */
  rank: number;
  createdAt: string;
  /** `created_at` at microsecond precision: the cursor's timestamp. */
  sortKey: string;
}

export function toSearchHit(row: SearchHitRow): SearchHit {
  const common = {
    id: row.id,
    authorId: row.authorId,
    snippet: snippetPieces(row.snippet),
    rank: row.rank,
    createdAt: row.createdAt,
  };
  if (row.kind === 'post') {
    return { kind: 'post', topicId: String(row.topicId), parentId: row.parentId, ...common };
  }
  return { kind: 'message', conversationId: String(row.conversationId), ...common };
}
