import { Module } from '@nestjs/common';
import { AttachmentCheck } from './attachment-check';
import { ConversationsHandler } from './conversations.handler';
import { ConversationsPolicy } from './conversations.policy';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { MessagesHandler } from './messages.handler';
import { MessagesService } from './messages.service';

/**
 * Direct conversations between villagers of one village: their messages (edited and deleted by
 * their authors, deleted ones kept as tombstones) and each member's read cursor and unread count.
 * Village access comes from the global AccessModule; attachments are checked with files
 * (`file.check_use`) through the platform's NatsClientProxy.
 */
@Module({
  controllers: [ConversationsHandler, MessagesHandler],
  providers: [
    ConversationsRepository,
    ConversationsPolicy,
    AttachmentCheck,
    ConversationsService,
    MessagesService,
  ],
})
export class ConversationsModule {}
