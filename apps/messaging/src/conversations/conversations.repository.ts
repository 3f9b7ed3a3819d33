import { Injectable } from '@nestjs/common';
import { membershipOf, type ReadWithMembership } from '@vv/access';
import type { MessagePatch } from '@vv/contracts';
import { Database } from '@vv/platform';
import type {
  ConversationAccessRow,
  ConversationRow,
  MessageAccessRow,
  MessageRow,
  MessageWithMembershipRow,
  ReadCursorRow,
} from './conversation-row';

const hasMessage = (row: MessageWithMembershipRow): row is MessageWithMembershipRow & MessageRow =>
  row.id !== null;

/** A keyset position: the last row's timestamp (full precision) and id. */
export interface Before {
  at: string;
  id: string;
}

export interface NewConversation {
  memberIds: string[];
  title?: string;
  data?: Record<string, unknown>;
}

export interface NewMessage {
  body: string;
  attachments?: string[];
  data?: Record<string, unknown>;
}

const json = (value: unknown): string | undefined =>
  value === undefined ? undefined : JSON.stringify(value);

/** The only file of the conversations module that calls SQL. */
@Injectable()
export class ConversationsRepository {
  constructor(private readonly db: Database) {}

  /** The new conversation, or the pair's existing direct one (`created` false); conversation.created when new. */
  create(
    villageId: string,
    actorId: string,
    conversation: NewConversation,
  ): Promise<ConversationRow & { created: boolean }> {
    return this.db.one('messaging.create_conversation', {
      villageId,
      actorId,
      memberIds: conversation.memberIds,
      title: conversation.title,
      data: json(conversation.data),
    });
  }

  /** `limit` rows of the user's conversations in the village, newest activity first. */
  list(villageId: string, userId: string, limit: number, before?: Before): Promise<ConversationRow[]> {
    return this.db.call<ConversationRow>('messaging.list_conversations', {
      villageId,
      userId,
      limit,
      beforeLastMessageAt: before?.at,
      beforeId: before?.id,
    });
  }

  /** The conversation's village when the user takes part in it; undefined otherwise. */
  conversationAccess(conversationId: string, userId: string): Promise<ConversationAccessRow | undefined> {
    return this.db.maybeOne<ConversationAccessRow>('messaging.get_conversation_access', {
      conversationId,
      userId,
    });
  }

  /** The message and its village when the user takes part in its conversation; undefined otherwise. */
  messageAccess(messageId: string, userId: string): Promise<MessageAccessRow | undefined> {
    return this.db.maybeOne<MessageAccessRow>('messaging.get_message_access', { messageId, userId });
  }

  /** The sent message with message.sent; undefined when the author is not a member. */
  send(conversationId: string, authorId: string, message: NewMessage): Promise<MessageRow | undefined> {
    return this.db.maybeOne<MessageRow>('messaging.send_message', {
      conversationId,
      authorId,
      body: message.body,
      attachments: message.attachments,
      data: json(message.data),
    });
  }

  /**
   * A page of the conversation's messages, newest first, with its village and the replica's facts
   * for (village, user): one statement; undefined when the user takes no part in it.
   */
  async listMessagesWithMembership(
    conversationId: string,
    userId: string,
    limit: number,
    before?: Before,
  ): Promise<ReadWithMembership<MessageRow[]> | undefined> {
    const rows = await this.db.call<MessageWithMembershipRow>('messaging.list_messages_with_membership', {
      conversationId,
      userId,
      limit,
      beforeCreatedAt: before?.at,
      beforeId: before?.id,
    });
    if (rows.length === 0) return undefined;
    return {
      villageId: rows[0].conversationVillageId,
      membership: membershipOf(rows[0]),
      data: rows.filter(hasMessage),
    };
  }

  /** The edited message (message.edited when something changed); `conflict` for a tombstone. */
  edit(messageId: string, actorId: string, patch: MessagePatch): Promise<MessageRow | undefined> {
    return this.db.maybeOne<MessageRow>('messaging.edit_message', {
      messageId,
      actorId,
      body: patch.body,
      data: json(patch.data),
    });
  }

  /** The tombstone (message.deleted the first time). */
  delete(messageId: string, actorId: string): Promise<MessageRow | undefined> {
    return this.db.maybeOne<MessageRow>('messaging.delete_message', { messageId, actorId });
  }

  /** The member's read cursor after moving it forward (never back), with the capped unread count. */
  markRead(
    conversationId: string,
    userId: string,
    messageId: string,
    unreadCap: number,
  ): Promise<ReadCursorRow | undefined> {
    return this.db.maybeOne<ReadCursorRow>('messaging.mark_conversation_read', {
      conversationId,
      userId,
      messageId,
      unreadCap,
    });
  }
}
