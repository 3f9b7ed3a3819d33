import { Injectable } from '@nestjs/common';
import { postCreated, postDeleted, postEdited, reactionAdded, reactionRemoved } from '@vv/contracts';
import { OnEvents } from '@vv/platform';
import type { EventEnvelope } from '@vv/contracts';
import { TopicPageCache } from './topic-page.cache';

/**
 * Invalidates cached topic pages from messaging's own stream (durable `messaging-topic-page-cache`,
 * shared by the replicas: with Redis one invalidation serves all, in process the ReadCache
 * broadcasts it to every replica). A post created, edited or deleted (a reply moves its thread
 * and its counts) or a reaction changes what the topic's first page holds.
 */
@Injectable()
export class TopicPageCacheConsumer {
  constructor(private readonly pages: TopicPageCache) {}

  @OnEvents([postCreated, postEdited, postDeleted, reactionAdded, reactionRemoved], {
    durable: 'topic-page-cache',
    batch: true,
  })
  async invalidate(events: readonly EventEnvelope[]): Promise<void> {
    await this.pages.forget(events.map((event) => (event.data as { topicId: string }).topicId));
  }
}
