import type { Notification, NotificationKind, NotificationSubject } from '@vv/contracts';

/** A row of notifications.list_notifications. */
export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  villageId: string | null;
  actorId: string | null;
  invitationId: string | null;
  conversationId: string | null;
  messageId: string | null;
  broadcastId: string | null;
  topicId: string | null;
  postId: string | null;
  eventId: string | null;
  fileId: string | null;
  webhookId: string | null;
  data: Record<string, unknown>;
  occurredAt: string;
  readAt: string | null;
  createdAt: string;
  sortKey: string;
}

const SUBJECT_KEYS = [
  'invitationId',
  'conversationId',
  'messageId',
  'broadcastId',
  'topicId',
  'postId',
  'eventId',
  'fileId',
  'webhookId',
] as const satisfies ReadonlyArray<keyof NotificationSubject>;

/** The ids a row points at, those of its kind only. */
export function subjectOf(row: Pick<NotificationRow, (typeof SUBJECT_KEYS)[number]>): NotificationSubject {
  const subject: NotificationSubject = {};
  for (const key of SUBJECT_KEYS) {
    const value = row[key];
    if (value !== null) subject[key] = value;
  }
  return subject;
}

export const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  kind: row.kind,
  villageId: row.villageId,
  actorId: row.actorId,
  subject: subjectOf(row),
  data: row.data,
  occurredAt: row.occurredAt,
  readAt: row.readAt,
  createdAt: row.createdAt,
});
