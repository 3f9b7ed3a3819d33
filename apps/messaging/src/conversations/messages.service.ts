import { Injectable } from '@nestjs/common';
import type { Message, MessagePatch } from '@vv/contracts';
import { decodeCursor, pageOf, ServiceError, timeIdKey, type Actor } from '@vv/platform';
import { assertDistinctAttachments, AttachmentCheck } from './attachment-check';
import { toMessage, type ConversationAccessRow, type MessageAccessRow } from './conversation-row';
import { ConversationsPolicy } from './conversations.policy';
import { ConversationsRepository, type NewMessage } from './conversations.repository';

export interface MessagePageQuery {
  conversationId: string;
  limit: number;
  cursor?: string;
}

const conversationNotFound = (): ServiceError => new ServiceError('not_found', 'Conversation not found');
const messageNotFound = (): ServiceError => new ServiceError('not_found', 'Message not found');

/**
 * Messages of a conversation: members send and read them; authors edit and delete their own.
 * Attachments are file ids, each listed once, that files confirms are ready files of the
 * conversation's village the sender may read (asked once per send, before the insert).
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly repository: ConversationsRepository,
    private readonly policy: ConversationsPolicy,
    private readonly attachments: AttachmentCheck,
  ) {}

  async send(actor: Actor, conversationId: string, message: NewMessage): Promise<Message> {
    const attachments = message.attachments ?? [];
    assertDistinctAttachments(attachments);
    const conversation = await this.requireConversation(actor, conversationId);
    if (attachments.length > 0) {
      await this.attachments.assertUsable(actor, conversation.villageId, attachments);
    }
    const row = await this.repository.send(conversationId, actor.userId, message);
    if (!row) throw conversationNotFound();
    return toMessage(row);
  }

  async list(
    actor: Actor,
    query: MessagePageQuery,
  ): Promise<{ items: Message[]; nextCursor: string | null }> {
    const before = decodeCursor(query.cursor, timeIdKey);
    // Participation, the caller's membership facts and the page in one statement.
    const rows = await this.policy.villagerRead(actor, async () => {
      const read = await this.repository.listMessagesWithMembership(
        query.conversationId,
        actor.userId,
        query.limit + 1,
        before && { at: before[0], id: before[1] },
      );
      if (!read) throw conversationNotFound();
      return read;
    });
    return pageOf(rows, query.limit, (row) => [row.sortKey, row.id], toMessage);
  }

  async edit(actor: Actor, messageId: string, patch: MessagePatch): Promise<Message> {
    await this.requireOwnMessage(actor, messageId);
    const row = await this.repository.edit(messageId, actor.userId, patch);
    if (!row) throw messageNotFound();
    return toMessage(row);
  }

  async delete(actor: Actor, messageId: string): Promise<void> {
    await this.requireOwnMessage(actor, messageId);
    if (!(await this.repository.delete(messageId, actor.userId))) throw messageNotFound();
  }

  /** The caller takes part in the conversation and is still a member of its village, or `not_found`. */
  private async requireConversation(actor: Actor, conversationId: string): Promise<ConversationAccessRow> {
    const conversation = await this.repository.conversationAccess(conversationId, actor.userId);
    if (!conversation) throw conversationNotFound();
    await this.policy.assertVillager(actor, conversation.villageId);
    return conversation;
  }

  /** The message is in a conversation the caller reads (`not_found`) and is theirs (`forbidden`). */
  private async requireOwnMessage(actor: Actor, messageId: string): Promise<MessageAccessRow> {
    const message = await this.repository.messageAccess(messageId, actor.userId);
    if (!message) throw messageNotFound();
    await this.policy.assertVillager(actor, message.villageId, 'Message');
    this.policy.assertAuthor(actor, message.authorId);
    return message;
  }
}
