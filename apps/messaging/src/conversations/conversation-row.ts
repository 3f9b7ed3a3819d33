import type { WithMembership } from '@vv/access';
import { UNREAD_COUNT_CAP, type Conversation, type Message } from '@vv/contracts';

/** A conversation as messaging's conversation functions return it (camelCase, ISO timestamps). */
export interface ConversationRow {
  id: string;
  villageId: string;
  title: string | null;
  createdBy: string;
  memberIds: string[];
  lastMessageId: string | null;
  lastMessageAt: string;
  readUpToId: string | null;
  unreadCount: number;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  /** `last_message_at` of the caller's membership at full precision: the page cursor's timestamp. */
  activityKey: string;
}

/** A message as messaging's message functions return it. */
export interface MessageRow {
  id: string;
  conversationId: string;
  villageId: string;
  authorId: string;
  body: string;
  attachments: string[];
  data: Record<string, unknown>;
  editedAt: string | null;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** `created_at` at full precision: the page cursor's timestamp. */
  sortKey: string;
}

/** A row of `list_messages_with_membership`: also the conversation's village. */
export type MessageWithMembershipRow = WithMembership<MessageRow> & { conversationVillageId: string };

/** The caller's participation in a conversation. */
export interface ConversationAccessRow {
  conversationId: string;
  villageId: string;
}

/** A message, its conversation's village, when the caller takes part in that conversation. */
export interface MessageAccessRow {
  messageId: string;
  conversationId: string;
  villageId: string;
  authorId: string;
  deleted: boolean;
}

export interface ReadCursorRow {
  conversationId: string;
  readUpToId: string | null;
  unreadCount: number;
}

export const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  villageId: row.villageId,
  title: row.title,
  memberIds: row.memberIds,
  createdBy: row.createdBy,
  lastMessageAt: row.lastMessageAt,
  lastMessageId: row.lastMessageId,
  readUpToMessageId: row.readUpToId,
  // Counters go past the cap between recounts; clients see "cap or more".
  unreadCount: Math.min(row.unreadCount, UNREAD_COUNT_CAP),
  data: row.data,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  conversationId: row.conversationId,
  villageId: row.villageId,
  authorId: row.authorId,
  body: row.body,
  attachments: row.attachments,
  data: row.data,
  editedAt: row.editedAt,
  deletedAt: row.deletedAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
