import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { PostsController } from './posts.controller';

/** Posts, threads and reactions: routes to messaging. */
@Module({ imports: [RoutingModule], controllers: [PostsController] })
export class PostsModule {}
