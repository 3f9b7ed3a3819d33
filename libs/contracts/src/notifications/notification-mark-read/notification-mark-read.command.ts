import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { notificationUnreadCount } from '../notification/notification.schema';

/** Notifications one mark-read call may name. */
export const NOTIFICATION_MARK_READ_IDS_MAX = 200;

/**
 * The body of `POST /v1/me/notifications/read`, one of: `{ids}` (those notifications),
 * `{all: true}` (every one), `{upTo}` (that notification and every older one).
 */
export const notificationMarkReadFields = z.union([
  z.strictObject({ ids: z.array(uuid).min(1).max(NOTIFICATION_MARK_READ_IDS_MAX) }),
  z.strictObject({ all: z.literal(true) }),
  z.strictObject({ upTo: uuid }),
]);
export type NotificationMarkRead = z.output<typeof notificationMarkReadFields>;

export const notificationMarkRead = defineCommand({
  service: 'notifications',
  name: 'notification.mark_read',
  version: 1,
  summary:
    'Mark my notifications read: some (`ids`; ids not mine are ignored), all, or up to one (`upTo`, 404 if not mine)',
  request: notificationMarkReadFields,
  response: z.object({ unreadCount: notificationUnreadCount }),
});
