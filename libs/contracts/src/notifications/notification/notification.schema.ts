import { z } from 'zod';
import { isoTimestamp, uuid } from '../../common/schemas';

/**
 * What an in-app notification is about. Personal kinds are addressed to the user (invited,
 * added_to_village, direct_message, reply, reaction, event_changed, event_cancelled, file_shared,
 * webhook_disabled: a webhook I registered was disabled after failing);
 * `broadcast` and `topic_post` (a new post in a topic the user watches) reach the user only at
 * the preference level `all`.
 */
export const NOTIFICATION_KINDS = [
  'invited',
  'added_to_village',
  'direct_message',
  'broadcast',
  'reply',
  'reaction',
  'topic_post',
  'event_changed',
  'event_cancelled',
  'file_shared',
  'webhook_disabled',
] as const;
export const notificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.output<typeof notificationKind>;

/** Longest snippet of a body a notification carries, in characters. */
export const NOTIFICATION_SNIPPET_MAX = 140;

/** The ids a notification points at; only those of its kind are present. */
export const notificationSubject = z.object({
  invitationId: uuid.optional(),
  conversationId: uuid.optional(),
  messageId: uuid.optional(),
  broadcastId: uuid.optional(),
  topicId: uuid.optional(),
  postId: uuid.optional(),
  eventId: uuid.optional(),
  fileId: uuid.optional(),
  webhookId: uuid.optional(),
});
export type NotificationSubject = z.output<typeof notificationSubject>;

/**
 * An in-app notification of the caller. `data` holds what a client shows without another call,
 * when the event had it: `role` (invited, added_to_village), `snippet` (broadcast, reply,
 * topic_post), `parentId` (reply, topic_post: the thread), `emoji` (reaction), `title`, `changed`,
 * `occurrence`, `startsAt`, `endsAt` (event_*; no title for a busy-only event), `name`, `folder`
 * (file_shared), `failingSince`, `disabledAt` (webhook_disabled). `occurredAt` is when the event happened, `createdAt` when the notification was
 * made (the list's order).
 */
export const notification = z.object({
  id: uuid,
  kind: notificationKind,
  villageId: uuid.nullable(),
  /** Who caused it; null when nobody did (the app, a sweep). */
  actorId: uuid.nullable(),
  subject: notificationSubject,
  data: z.record(z.string(), z.unknown()),
  occurredAt: isoTimestamp,
  readAt: isoTimestamp.nullable(),
  createdAt: isoTimestamp,
});
export type Notification = z.output<typeof notification>;

/** `unreadCount`: the caller's unread notifications, every page and filter aside. */
export const notificationUnreadCount = z.number().int().nonnegative();
