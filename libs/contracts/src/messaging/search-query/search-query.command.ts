import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { isoTimestamp, page, pageQuery, uuid } from '../../common/schemas';

/** Longest search text accepted (characters). */
export const SEARCH_QUERY_MAX = 200;

/**
 * A piece of a hit's snippet: plain text, `match: true` where it matched the query. Clients render
 * the pieces as text (highlighting the matches); nothing in them is markup.
 */
export const snippetPiece = z.object({ text: z.string(), match: z.boolean() });
export type SnippetPiece = z.output<typeof snippetPiece>;

const hitFields = {
  id: uuid,
  authorId: uuid,
  /** An excerpt of the body around the matches. */
  snippet: z.array(snippetPiece),
  /** Relevance (`ts_rank_cd`); higher is better; comparable within one search only. */
  rank: z.number(),
  createdAt: isoTimestamp,
};

/** A search hit: a topic post (top-level or reply) or a message of one of the caller's conversations. */
export const searchHit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('post'), topicId: uuid, parentId: uuid.nullable(), ...hitFields }),
  z.object({ kind: z.literal('message'), conversationId: uuid, ...hitFields }),
]);
export type SearchHit = z.output<typeof searchHit>;

export const searchQuery = defineCommand({
  service: 'messaging',
  name: 'search.query',
  version: 1,
  summary: "Full-text search over a village's posts and the caller's conversation messages, best match first",
  request: pageQuery.extend({
    villageId: uuid,
    /** Web search syntax: words, "a phrase", `or`, `-word`. */
    q: z.string().trim().min(1).max(SEARCH_QUERY_MAX),
  }),
  response: page(searchHit),
});
