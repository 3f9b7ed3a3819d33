import { Injectable } from '@nestjs/common';
import { Access } from '@vv/access';
import type { Post } from '@vv/contracts';
import { ServiceError, type Actor } from '@vv/platform';
import { toPost, type PostRow } from '../posts/post-row';
import { PostsService } from '../posts/posts.service';
import { TopicPageCache } from '../posts/topic-page.cache';
import { TOPIC_PERMISSIONS } from '../topics/topics.policy';
import { ReactionsRepository } from './reactions.repository';

const notFound = (): ServiceError => new ServiceError('not_found', 'Post not found');

/** Reactions to posts: one per member per emoji, by members who may post in the village's topics. */
@Injectable()
export class ReactionsService {
  constructor(
    private readonly repository: ReactionsRepository,
    private readonly posts: PostsService,
    private readonly access: Access,
    private readonly firstPages: TopicPageCache,
  ) {}

  async add(actor: Actor, postId: string, emoji: string): Promise<Post> {
    await this.assertReact(actor, postId);
    return this.found(await this.repository.add(postId, actor.userId, emoji));
  }

  async remove(actor: Actor, postId: string, emoji: string): Promise<Post> {
    await this.assertReact(actor, postId);
    return this.found(await this.repository.remove(postId, actor.userId, emoji));
  }

  private async assertReact(actor: Actor, postId: string): Promise<void> {
    const post = await this.posts.readable(actor, postId);
    await this.access.assert(actor, TOPIC_PERMISSIONS.post, post.villageId);
  }

  /** The post after the change; its topic's cached page is forgotten at once (read-your-writes). */
  private async found(row: PostRow | undefined): Promise<Post> {
    if (!row) throw notFound();
    await this.firstPages.written(row.topicId);
    return toPost(row);
  }
}
