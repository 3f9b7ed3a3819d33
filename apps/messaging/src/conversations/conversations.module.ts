import { Module } from '@nestjs/common';
import { ConversationsHandler } from './conversations.handler';
import { ConversationsPolicy } from './conversations.policy';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { MessagesHandler } from './messages.handler';
import { MessagesService } from './messages.service';

/**
 * Direct conversations between villagers of one village: their messages (edited and deleted by
 * their authors, deleted ones kept as tombstones) and each member's read cursor and unread count.
 * Village access comes from the global AccessModule.
 */
@Module({
  providers: [
    ConversationsRepository,
    ConversationsPolicy,
    ConversationsService,
    MessagesService,
    ConversationsHandler,
    MessagesHandler,
  ],
})
export class ConversationsModule {}
