import {
  notificationList,
  notificationListQuery,
  notificationMarkRead,
  notificationPreferencesFields,
  preferencesGet,
  preferencesPut,
  pushSubscriptionCreate,
  pushSubscriptionDelete,
  uuid,
  vapidKeyGet,
} from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

const NOTIFICATIONS = 'Notifications';

const village = z.strictObject({ villageId: uuid });

/** In-app notifications, notification preferences and Web Push subscriptions (notifications). */
export const notificationsRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/v1/me/notifications',
    command: notificationList,
    auth: 'bearer',
    tag: NOTIFICATIONS,
    query: notificationListQuery,
    toRequest: ({ query }) => query,
  }),
  markRead: defineRoute({
    method: 'POST',
    path: '/v1/me/notifications/read',
    command: notificationMarkRead,
    auth: 'bearer',
    tag: NOTIFICATIONS,
    body: true,
    errors: ['not_found'],
  }),
  getPreferences: defineRoute({
    method: 'GET',
    path: '/v1/villages/:villageId/notification-preferences',
    command: preferencesGet,
    auth: 'bearer',
    tag: NOTIFICATIONS,
    params: village,
    toRequest: ({ params }) => ({ villageId: params.villageId }),
    errors: ['not_found', 'forbidden'],
  }),
  putPreferences: defineRoute({
    method: 'PUT',
    path: '/v1/villages/:villageId/notification-preferences',
    command: preferencesPut,
    auth: 'bearer',
    tag: NOTIFICATIONS,
    params: village,
    body: notificationPreferencesFields,
    toRequest: ({ params, body }) => ({ villageId: params.villageId, preferences: body }),
    errors: ['not_found', 'forbidden'],
  }),
  subscribePush: defineRoute({
    method: 'POST',
    path: '/v1/me/push-subscriptions',
    command: pushSubscriptionCreate,
    status: 201,
    auth: 'bearer',
    tag: NOTIFICATIONS,
    body: true,
  }),
  unsubscribePush: defineRoute({
    method: 'DELETE',
    path: '/v1/me/push-subscriptions/:id',
    command: pushSubscriptionDelete,
    status: 204,
    auth: 'bearer',
    tag: NOTIFICATIONS,
    params: z.strictObject({ id: uuid }),
    toRequest: ({ params }) => ({ subscriptionId: params.id }),
    errors: ['not_found'],
  }),
  vapidPublicKey: defineRoute({
    method: 'GET',
    path: '/v1/push/vapid-public-key',
    command: vapidKeyGet,
    auth: 'none',
    tag: NOTIFICATIONS,
  }),
};
