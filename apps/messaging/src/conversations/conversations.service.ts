import { Injectable } from '@nestjs/common';
import {
  UNREAD_COUNT_CAP,
  type Conversation,
  type conversationMarkRead,
  type ResponseOf,
} from '@vv/contracts';
import { decodeCursor, pageOf, ServiceError, timeIdKey, type Actor } from '@vv/platform';
import { toConversation } from './conversation-row';
import { ConversationsPolicy } from './conversations.policy';
import { ConversationsRepository, type NewConversation } from './conversations.repository';

export interface ConversationPageQuery {
  villageId: string;
  limit: number;
  cursor?: string;
}

/** Conversations: start one, list mine by latest activity with unread counts, move my read cursor. */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly repository: ConversationsRepository,
    private readonly policy: ConversationsPolicy,
  ) {}

  /** A new conversation, or the pair's existing direct conversation in the village. */
  async create(actor: Actor, villageId: string, conversation: NewConversation): Promise<Conversation> {
    await this.policy.assertCreate(actor, villageId, conversation.memberIds);
    return toConversation(await this.repository.create(villageId, actor.userId, conversation));
  }

  async list(
    actor: Actor,
    query: ConversationPageQuery,
  ): Promise<{ items: Conversation[]; nextCursor: string | null }> {
    const before = decodeCursor(query.cursor, timeIdKey);
    await this.policy.assertList(actor, query.villageId);
    const rows = await this.repository.list(
      query.villageId,
      actor.userId,
      query.limit + 1,
      before && { at: before[0], id: before[1] },
    );
    return pageOf(rows, query.limit, (row) => [row.activityKey, row.id], toConversation);
  }

  /** Moves the caller's read cursor forward (all their devices share it) and returns the unread count after it. */
  async markRead(
    actor: Actor,
    conversationId: string,
    upToMessageId: string,
  ): Promise<ResponseOf<typeof conversationMarkRead>> {
    const conversation = await this.repository.conversationAccess(conversationId, actor.userId);
    if (!conversation) throw new ServiceError('not_found', 'Conversation not found');
    await this.policy.assertVillager(actor, conversation.villageId);
    const cursor = await this.repository.markRead(
      conversationId,
      actor.userId,
      upToMessageId,
      UNREAD_COUNT_CAP,
    );
    if (!cursor) throw new ServiceError('not_found', 'Conversation not found');
    return {
      conversationId: cursor.conversationId,
      readUpToMessageId: cursor.readUpToId,
      unreadCount: Math.min(cursor.unreadCount, UNREAD_COUNT_CAP),
    };
  }
}
