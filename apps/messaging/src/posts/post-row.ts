import type { ReplicaMembership } from '@vv/access';
import type { Post } from '@vv/contracts';

/** A post as messaging's post functions return it (camelCase, ISO timestamps). */
export interface PostRow {
  id: string;
  topicId: string;
  villageId: string;
  parentId: string | null;
  authorId: string;
  body: string;
  data: Record<string, unknown>;
  replyCount: number;
  lastReplyAt: string | null;
  lastActivityAt: string;
  reactions: Record<string, number>;
  myReactions: string[];
  editedAt: string | null;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The row's place in its list at full precision (activity for threads, creation for replies). */
  sortKey: string;
}

/** A row of `list_posts`: also the walk's instant, carried by the cursor. */
export interface ThreadRow extends PostRow {
  asOf: string;
}

/**
 * A row of `list_posts_with_membership`: the topic's village and the replica's facts on every row;
 * the post's columns null on the one row of an empty page.
 */
export type ThreadWithMembershipRow = ReplicaMembership & { topicVillageId: string } & (
    ThreadRow | { [Column in keyof ThreadRow]: null }
  );

export const toPost = (row: PostRow): Post => ({
  id: row.id,
  topicId: row.topicId,
  villageId: row.villageId,
  parentId: row.parentId,
  authorId: row.authorId,
  body: row.body,
  data: row.data,
  replyCount: row.replyCount,
  lastReplyAt: row.lastReplyAt,
  lastActivityAt: row.lastActivityAt,
  reactions: row.reactions,
  myReactions: row.myReactions,
  editedAt: row.editedAt,
  deletedAt: row.deletedAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
