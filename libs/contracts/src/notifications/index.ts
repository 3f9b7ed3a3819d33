// Notifications' messages: one folder per message, exported here and registered in ../catalogue/.

// In-app notifications, preferences, push
export * from './notification/notification.schema';
export { notificationList, notificationListQuery } from './notification-list/notification-list.command';
export {
  notificationMarkRead,
  notificationMarkReadFields,
  NOTIFICATION_MARK_READ_IDS_MAX,
} from './notification-mark-read/notification-mark-read.command';
export type { NotificationMarkRead } from './notification-mark-read/notification-mark-read.command';
export { notificationCreated } from './notification-created/notification-created.event';
export * from './preferences/preferences.schema';
export { preferencesGet } from './preferences-get/preferences-get.command';
export { preferencesPut } from './preferences-put/preferences-put.command';
export * from './push-subscription/push-subscription.schema';
export { pushSubscriptionCreate } from './push-subscription-create/push-subscription-create.command';
export { pushSubscriptionDelete } from './push-subscription-delete/push-subscription-delete.command';
export { vapidKeyGet } from './vapid-key-get/vapid-key-get.command';

// Webhooks (and push endpoints: the URLs the suite calls)
export * from './outbound-url/outbound-url.schema';
export * from './webhook-schema/webhook.schema';
export { webhookCreate } from './webhook-create/webhook-create.command';
export { webhookList } from './webhook-list/webhook-list.command';
export { webhookUpdate } from './webhook-update/webhook-update.command';
export { webhookDelete } from './webhook-delete/webhook-delete.command';
export {
  webhookDeliveryList,
  webhookDeliveryListQuery,
} from './webhook-delivery-list/webhook-delivery-list.command';
export { webhookRedeliver } from './webhook-redeliver/webhook-redeliver.command';
export { webhookDisabled } from './webhook-disabled/webhook-disabled.event';
