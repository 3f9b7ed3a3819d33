import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { TopicsController } from './topics.controller';

/** A village's topics (message boards): routes to messaging. */
@Module({ imports: [RoutingModule], controllers: [TopicsController] })
export class TopicsModule {}
