import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { ConversationsController } from './conversations.controller';

/** Direct conversations, their messages and read cursors: routes to messaging. */
@Module({ imports: [RoutingModule], controllers: [ConversationsController] })
export class ConversationsModule {}
