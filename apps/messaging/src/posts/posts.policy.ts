import { Injectable } from '@nestjs/common';
import { Access, type AccessFacts } from '@vv/access';
import { ServiceError, type Actor } from '@vv/platform';
import { TOPIC_PERMISSIONS } from '../topics/topics.policy';
import type { TopicRow } from '../topics/topic-row';
import type { PostRow } from './post-row';

/**
 * Who may do what with posts: members with `topics.post` post and reply; a locked topic takes
 * posts from moderators only, an archived one from nobody (`conflict`, checked again in SQL).
 * A post is changed or deleted by a moderator (`topics.moderate`), or by its author while they
 * may still post (a former member is an outsider).
 */
@Injectable()
export class PostsPolicy {
  constructor(private readonly access: Access) {}

  /**
   * The caller may post in the topic; true when they may even though it is locked (a moderator).
   * Decided on the facts the topic's read brought (TopicsService.readableWithFacts): no second read.
   */
  async assertPost(facts: AccessFacts, topic: TopicRow): Promise<boolean> {
    await this.access.assertOn(facts, TOPIC_PERMISSIONS.post);
    if (topic.archived) throw new ServiceError('conflict', 'The topic is archived and takes no posts');
    if (!topic.locked) return false;
    if ((await this.access.decideOn(facts, TOPIC_PERMISSIONS.moderate)) === 'allow') return true;
    throw new ServiceError('conflict', 'The topic is locked and takes no posts');
  }

  /** The caller may change or delete the post: `not_found` to a private village's outsiders, else `forbidden`. */
  async assertChange(actor: Actor, post: PostRow): Promise<void> {
    await this.access.assertChange(
      actor,
      {
        author: post.authorId === actor.userId,
        own: TOPIC_PERMISSIONS.post,
        others: TOPIC_PERMISSIONS.moderate,
      },
      post.villageId,
      'Only its author (while they may post) or a moderator may change a post',
    );
  }
}
