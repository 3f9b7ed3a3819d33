import { Module } from '@nestjs/common';
import { ReadCacheModule } from '@vv/platform';
import { TopicsModule } from '../topics/topics.module';
import { PostsHandler } from './posts.handler';
import { PostsPolicy } from './posts.policy';
import { PostsRepository } from './posts.repository';
import { PostsService } from './posts.service';
import { MyReactionsRepository } from './my-reactions.repository';
import { TopicPageCache } from './topic-page.cache';
import { TopicPageCacheConsumer } from './topic-page-cache.consumer';

/**
 * Posts of a topic with one level of threading (replies to a top-level post), tombstones for
 * deleted threads with replies; a topic's first page is served from the read cache. Exports the
 * service so reactions read a post under the same rules, and the page cache they invalidate.
 */
@Module({
  imports: [TopicsModule, ReadCacheModule],
  controllers: [PostsHandler],
  providers: [
    PostsRepository,
    PostsPolicy,
    PostsService,
    MyReactionsRepository,
    TopicPageCache,
    TopicPageCacheConsumer,
  ],
  exports: [PostsService, TopicPageCache],
})
export class PostsModule {}
