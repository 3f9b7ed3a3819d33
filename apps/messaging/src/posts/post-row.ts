import type { WithMembership } from '@vv/access';
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

/** A row of `list_posts_with_membership`: also the topic's village. */
export type ThreadWithMembershipRow = WithMembership<ThreadRow> & { topicVillageId: string };

/** A row of `list_replies_with_membership`: also the parent's topic and village. */
export type ReplyWithMembershipRow = WithMembership<PostRow> & {
  parentTopicId: string;
  parentVillageId: string;
};

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
