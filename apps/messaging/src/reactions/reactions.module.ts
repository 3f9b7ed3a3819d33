import { Module } from '@nestjs/common';
import { PostsModule } from '../posts/posts.module';
import { ReactionsHandler } from './reactions.handler';
import { ReactionsRepository } from './reactions.repository';
import { ReactionsService } from './reactions.service';

/** Reactions to posts: one per member per emoji; counts kept on the post. */
@Module({
  imports: [PostsModule],
  controllers: [ReactionsHandler],
  providers: [ReactionsRepository, ReactionsService],
})
export class ReactionsModule {}
