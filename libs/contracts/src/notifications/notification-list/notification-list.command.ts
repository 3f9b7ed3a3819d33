import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { page, pageQuery } from '../../common/schemas';
import { notification, notificationUnreadCount } from '../notification/notification.schema';

/** `?unread=&limit=&cursor=` of `GET /v1/me/notifications`. */
export const notificationListQuery = pageQuery.extend({
  /** `true`: unread notifications only. */
  unread: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

export const notificationList = defineCommand({
  service: 'notifications',
  name: 'notification.list',
  version: 1,
  summary: 'My in-app notifications, newest first, with my unread count',
  request: pageQuery.extend({ unread: z.boolean().default(false) }),
  response: page(notification).extend({ unreadCount: notificationUnreadCount }),
});
