import { Injectable } from '@nestjs/common';
import { Access } from '@vv/access';
import { ServiceError, type Actor } from '@vv/platform';
import { TOPIC_PERMISSIONS, TopicsPolicy } from '../topics/topics.policy';
import type { TopicRow } from '../topics/topic-row';
import type { PostRow } from './post-row';

/**
 * Who may do what with posts: members with `topics.post` post and reply; a locked topic takes
 * posts from moderators only, an archived one from nobody (`conflict`, checked again in SQL).
 * A post is changed or deleted by its author or a moderator (`topics.moderate`).
 */
@Injectable()
export class PostsPolicy {
  constructor(
    private readonly access: Access,
    private readonly topics: TopicsPolicy,
  ) {}

  /** The caller may post in the topic; true when they may even though it is locked (a moderator). */
  async assertPost(actor: Actor, topic: TopicRow): Promise<boolean> {
    await this.access.assert(actor, TOPIC_PERMISSIONS.post, topic.villageId);
    if (topic.archived) throw new ServiceError('conflict', 'The topic is archived and takes no posts');
    if (!topic.locked) return false;
    if (await this.topics.canModerate(actor, topic.villageId)) return true;
    throw new ServiceError('conflict', 'The topic is locked and takes no posts');
  }

  /** The caller may change or delete the post (they already read its village). */
  async assertChange(actor: Actor, post: PostRow): Promise<void> {
    if (post.authorId === actor.userId) return;
    if (!(await this.topics.canModerate(actor, post.villageId))) {
      throw new ServiceError('forbidden', 'Only its author or a moderator may change a post');
    }
  }
}
