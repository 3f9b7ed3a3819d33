import { Injectable } from '@nestjs/common';
import { postCreated, postDeleted, postEdited, reactionAdded, reactionRemoved } from '@vv/contracts';
import { OnEvents, ReadCache } from '@vv/platform';
import type { EventEnvelope } from '@vv/contracts';
import { TopicPageCache } from './topic-page.cache';

/**
 * Invalidates cached topic pages from messaging's own stream, through two durables shared by the
 * replicas (with Redis one invalidation serves all; in process the ReadCache broadcasts it to every
 * replica): `messaging-topic-page-posts` (`<prefix>.evt.messaging.post.>`: a post created, edited or
 * deleted; a reply moves its thread and its counts) and `messaging-topic-page-reactions`
 * (`<prefix>.evt.messaging.reaction.>`). Two filters, not one on `messaging.>`, so the durables'
 * inboxes record no message, broadcast or topic event (nats-server 2.9: one filter per consumer).
 * Neither runs where the read cache is off.
 */
@Injectable()
export class TopicPageCacheConsumer {
  constructor(private readonly pages: TopicPageCache) {}

  @OnEvents([postCreated, postEdited, postDeleted], {
    durable: 'topic-page-posts',
    batch: true,
    inbox: false,
    enabledBy: ReadCache,
  })
  async posts(events: readonly EventEnvelope[]): Promise<void> {
    await this.pages.forget(topicsOf(events));
  }

  @OnEvents([reactionAdded, reactionRemoved], {
    durable: 'topic-page-reactions',
    batch: true,
    inbox: false,
    enabledBy: ReadCache,
  })
  async reactions(events: readonly EventEnvelope[]): Promise<void> {
    await this.pages.forget(topicsOf(events));
  }
}

/** Every post and reaction event names its topic. */
const topicsOf = (events: readonly EventEnvelope[]): string[] =>
  events.map((event) => (event.data as { topicId: string }).topicId);
