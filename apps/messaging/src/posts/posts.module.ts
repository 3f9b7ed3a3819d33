import { Module } from '@nestjs/common';
import { TopicsModule } from '../topics/topics.module';
import { PostsHandler } from './posts.handler';
import { PostsPolicy } from './posts.policy';
import { PostsRepository } from './posts.repository';
import { PostsService } from './posts.service';

/**
 * Posts of a topic with one level of threading (replies to a top-level post), tombstones for
 * deleted threads with replies. Exports the service so reactions read a post under the same rules.
 */
@Module({
  imports: [TopicsModule],
  controllers: [PostsHandler],
  providers: [PostsRepository, PostsPolicy, PostsService],
  exports: [PostsService],
})
export class PostsModule {}
