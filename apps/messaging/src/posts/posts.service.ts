import { Injectable } from '@nestjs/common';
import type { ParsedRequestOf, Post, PostPatch, ResponseOf, postList } from '@vv/contracts';
import {
  cursorTimestamp,
  decodeCursor,
  encodeCursor,
  pageOf,
  PreparedJson,
  ServiceError,
  timeIdKey,
  type Actor,
  type Answer,
} from '@vv/platform';
import { z } from 'zod';
import { TopicsPolicy } from '../topics/topics.policy';
import { TopicsService } from '../topics/topics.service';
import { toPost, type PostRow } from './post-row';
import { PostsPolicy } from './posts.policy';
import { PostsRepository, type NewPost, type ThreadListQuery } from './posts.repository';
import { TopicPageCache } from './topic-page.cache';

/** The threads list's keyset: the walk's instant, the last row's place, its id. */
const threadKey = z.tuple([cursorTimestamp, cursorTimestamp, z.uuid()]);

type PostPage = ResponseOf<typeof postList>;

const notFound = (): ServiceError => new ServiceError('not_found', 'Post not found');

/** Posts of a topic with one level of threading: threads newest activity first, replies oldest first. */
@Injectable()
export class PostsService {
  constructor(
    private readonly repository: PostsRepository,
    private readonly policy: PostsPolicy,
    private readonly topics: TopicsService,
    private readonly topicsPolicy: TopicsPolicy,
    private readonly firstPages: TopicPageCache,
  ) {}

  async list(actor: Actor, query: ParsedRequestOf<typeof postList>): Promise<Answer<PostPage>> {
    if (query.parentId !== undefined) return this.listReplies(actor, query, query.parentId);
    const after = decodeCursor(query.cursor, threadKey);
    const page = (limit: number): ThreadListQuery => ({
      topicId: query.topicId,
      actorId: actor.userId,
      limit,
      after: after && { asOf: after[0], position: after[1], id: after[2] },
    });
    if (after || !this.firstPages.enabled) {
      // The topic, the caller's membership facts and the page as PostgreSQL's JSON in one
      // statement; the page is dropped unless the caller may read the village.
      const { items, last } = await this.topicsPolicy.readWith(actor, async () => {
        const read = await this.repository.threadsPageJson(page(query.limit));
        if (!read) throw new ServiceError('not_found', 'Topic not found');
        return read;
      });
      const nextCursor = last ? JSON.stringify(encodeCursor(last)) : 'null';
      return new PreparedJson(`{"items":${items},"nextCursor":${nextCursor}}`);
    }
    // The first page may come from the read cache, so the right to read is checked on its own
    // first (one statement: the topic and the membership facts).
    await this.topics.readable(actor, query.topicId);
    const rows = await this.firstPages.firstPage(actor.userId, query.topicId, query.limit, async (limit) => {
      return (await this.repository.listThreadsWithMembership(page(limit + 1)))?.data ?? [];
    });
    return pageOf(rows, query.limit, (row) => [row.asOf, row.sortKey, row.id], toPost);
  }

  async create(actor: Actor, topicId: string, post: NewPost): Promise<Post> {
    const { topic, facts } = await this.topics.readableWithFacts(actor, topicId);
    const allowLocked = await this.policy.assertPost(facts, topic);
    const created = await this.repository.create(topicId, actor.userId, post, allowLocked);
    await this.firstPages.written(topicId);
    return toPost(created);
  }

  async update(actor: Actor, postId: string, patch: PostPatch): Promise<Post> {
    const post = await this.changeable(actor, postId);
    const row = await this.repository.update(post.id, actor.userId, patch);
    if (!row) throw notFound();
    await this.firstPages.written(post.topicId);
    return toPost(row);
  }

  async delete(actor: Actor, postId: string): Promise<void> {
    const post = await this.changeable(actor, postId);
    if (post.deletedAt !== null) return;
    if (!(await this.repository.delete(post.id, actor.userId))) throw notFound();
    await this.firstPages.written(post.topicId);
  }

  /** The post, when the caller may read its village (`not_found` otherwise, as for no post). */
  async readable(actor: Actor, postId: string): Promise<PostRow> {
    const post = await this.repository.get(postId, actor.userId);
    if (!post) throw notFound();
    await this.topics.assertReadVillage(actor, post.villageId);
    return post;
  }

  /** The post, when the caller may change it (its village's outsiders are told as readable() tells them). */
  private async changeable(actor: Actor, postId: string): Promise<PostRow> {
    const post = await this.repository.get(postId, actor.userId);
    if (!post) throw notFound();
    await this.policy.assertChange(actor, post);
    return post;
  }

  private async listReplies(
    actor: Actor,
    query: ParsedRequestOf<typeof postList>,
    parentId: string,
  ): Promise<{ items: Post[]; nextCursor: string | null }> {
    const after = decodeCursor(query.cursor, timeIdKey);
    // The parent, the caller's membership facts and the page in one statement, as list().
    const { topicId, rows } = await this.topicsPolicy.readWith(actor, async () => {
      const read = await this.repository.listRepliesWithMembership({
        parentId,
        actorId: actor.userId,
        limit: query.limit + 1,
        after: after && { createdAt: after[0], id: after[1] },
      });
      if (!read) throw notFound();
      return read;
    });
    if (topicId !== query.topicId) {
      throw ServiceError.invalid([{ field: 'parentId', reason: 'no such post in this topic' }]);
    }
    return pageOf(rows, query.limit, (row) => [row.sortKey, row.id], toPost);
  }
}
