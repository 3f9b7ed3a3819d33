import { z } from 'zod';
import { dataField, isoTimestamp, uuid } from '../../common/schemas';

/** Members of a conversation, the creator included. */
export const CONVERSATION_MEMBERS_MAX = 50;

/**
 * Unread counts are exact below this cap; at the cap they mean "this many or more" (show "99+").
 * Counting stops there, so reading a count never costs more than the cap, whatever the history.
 */
export const UNREAD_COUNT_CAP = 100;

export const unreadCount = z.number().int().min(0).max(UNREAD_COUNT_CAP);

export const conversationTitle = z.string().trim().min(1).max(200);

/**
 * A direct conversation between villagers of one village, as one of its members sees it: their
 * unread count and read cursor are shared by all their devices. A conversation of two is the
 * pair's one direct conversation in the village.
 */
export const conversation = z.object({
  id: uuid,
  villageId: uuid,
  title: z.string().nullable(),
  memberIds: z.array(uuid),
  createdBy: uuid,
  /** Latest activity: the last message's time, or the creation time. */
  lastMessageAt: isoTimestamp,
  lastMessageId: uuid.nullable(),
  /** The caller's read cursor (the last message they read), shared by all their devices. */
  readUpToMessageId: uuid.nullable(),
  /** Messages of others after the caller's read cursor; exact below UNREAD_COUNT_CAP. */
  unreadCount,
  data: z.record(z.string(), z.unknown()),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Conversation = z.output<typeof conversation>;

/** The body of `POST /v1/villages/{villageId}/conversations`: the caller is always a member. */
export const conversationFields = z.strictObject({
  /** The other members (the caller is added; duplicates are ignored). */
  memberIds: z
    .array(uuid)
    .min(1)
    .max(CONVERSATION_MEMBERS_MAX - 1),
  /** Ignored when the pair's direct conversation already exists. */
  title: conversationTitle.optional(),
  data: dataField.optional(),
});
