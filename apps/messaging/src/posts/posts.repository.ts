import { Injectable } from '@nestjs/common';
import type { PostPatch } from '@vv/contracts';
import { membershipOf, type ReadWithMembership, type ReplicaColumns } from '@vv/access';
import { Database } from '@vv/platform';
import type { PostRow, ReplyWithMembershipRow, ThreadRow, ThreadWithMembershipRow } from './post-row';

export interface ThreadListQuery {
  topicId: string;
  actorId: string;
  /** Rows to fetch (a page's limit + 1, to know whether there is a next page). */
  limit: number;
  /** The walk's instant (from the cursor; now on a first page), its last row's place and id. */
  after?: { asOf: string; position: string; id: string };
}

export interface ReplyListQuery {
  parentId: string;
  actorId: string;
  limit: number;
  after?: { createdAt: string; id: string };
}

/** A page of threads as JSON text (`Post[]`), and the keyset after its last item when there is more. */
export interface ThreadsPageJson {
  items: string;
  last: [asOf: string, sortKey: string, id: string] | null;
}

type ThreadsPageJsonRow = ReplicaColumns & {
  topicVillageId: string;
  items: string;
  hasMore: boolean;
  lastAsOf: string | null;
  lastSortKey: string | null;
  lastId: string | null;
};

export interface NewPost {
  body: string;
  parentId?: string;
  data?: Record<string, unknown>;
}

const hasReply = (row: ReplyWithMembershipRow): row is ReplyWithMembershipRow & PostRow => row.id !== null;
const hasPost = (row: ThreadWithMembershipRow): row is ThreadWithMembershipRow & ThreadRow => row.id !== null;

/** The arguments of the thread-page functions (list_posts_with_membership, list_posts_page_json). */
const threadArgs = (query: ThreadListQuery) => ({
  topicId: query.topicId,
  actorId: query.actorId,
  limit: query.limit,
  asOf: query.after?.asOf,
  beforePosition: query.after?.position,
  beforeId: query.after?.id,
});

const json = (value: unknown): string | undefined =>
  value === undefined ? undefined : JSON.stringify(value);

/** The only file of the posts module that calls SQL. */
@Injectable()
export class PostsRepository {
  constructor(private readonly db: Database) {}

  /**
   * A page of a topic's threads, newest activity first, with counts and the caller's reactions, and
   * with the topic's village and the replica's facts for (village, actor): one statement; undefined
   * when there is no topic.
   */
  async listThreadsWithMembership(
    query: ThreadListQuery,
  ): Promise<ReadWithMembership<ThreadRow[]> | undefined> {
    const rows = await this.db.call<ThreadWithMembershipRow>(
      'messaging.list_posts_with_membership',
      threadArgs(query),
    );
    if (rows.length === 0) return undefined;
    // An empty page is one row without a post.
    return {
      villageId: rows[0].topicVillageId,
      membership: membershipOf(rows[0]),
      data: rows.filter(hasPost),
    };
  }

  /**
   * As listThreadsWithMembership, with the page built by PostgreSQL as the API's JSON (items, whether
   * there is more, the last item's keyset): `limit` items at most; undefined when there is no topic.
   */
  async threadsPageJson(query: ThreadListQuery): Promise<ReadWithMembership<ThreadsPageJson> | undefined> {
    const row = await this.db.maybeOne<ThreadsPageJsonRow>(
      'messaging.list_posts_page_json',
      threadArgs(query),
    );
    if (!row) return undefined;
    const { topicVillageId, items, hasMore, lastAsOf, lastSortKey, lastId } = row;
    const last: ThreadsPageJson['last'] =
      hasMore && lastAsOf && lastSortKey && lastId ? [lastAsOf, lastSortKey, lastId] : null;
    return { villageId: topicVillageId, membership: membershipOf(row), data: { items, last } };
  }

  /**
   * A page of a thread's replies, oldest first, with the parent's topic and village and the
   * replica's facts for (village, actor): one statement; undefined when there is no such parent.
   */
  async listRepliesWithMembership(
    query: ReplyListQuery,
  ): Promise<ReadWithMembership<{ topicId: string; rows: PostRow[] }> | undefined> {
    const rows = await this.db.call<ReplyWithMembershipRow>('messaging.list_replies_with_membership', {
      parentId: query.parentId,
      actorId: query.actorId,
      limit: query.limit,
      afterCreatedAt: query.after?.createdAt,
      afterId: query.after?.id,
    });
    if (rows.length === 0) return undefined;
    return {
      villageId: rows[0].parentVillageId,
      membership: membershipOf(rows[0]),
      data: { topicId: rows[0].parentTopicId, rows: rows.filter(hasReply) },
    };
  }

  get(postId: string, actorId: string): Promise<PostRow | undefined> {
    return this.db.maybeOne<PostRow>('messaging.get_post', { postId, actorId });
  }

  /** The post with post.created; `conflict` when the topic takes no posts, `invalid` for a bad parentId. */
  create(topicId: string, actorId: string, post: NewPost, allowLocked: boolean): Promise<PostRow> {
    return this.db.one<PostRow>('messaging.create_post', {
      topicId,
      actorId,
      body: post.body,
      parentId: post.parentId,
      data: json(post.data),
      allowLocked,
    });
  }

  /** Applies the patch with post.edited; undefined when the post is gone, `conflict` on a tombstone. */
  update(postId: string, actorId: string, patch: PostPatch): Promise<PostRow | undefined> {
    return this.db.maybeOne<PostRow>('messaging.update_post', {
      postId,
      actorId,
      body: patch.body,
      data: json(patch.data),
    });
  }

  /** Deletes (or tombstones) the post with post.deleted; false when there is none. */
  async delete(postId: string, actorId: string): Promise<boolean> {
    const row = await this.db.maybeOne<{ postId: string }>('messaging.delete_post', { postId, actorId });
    return row !== undefined;
  }
}
