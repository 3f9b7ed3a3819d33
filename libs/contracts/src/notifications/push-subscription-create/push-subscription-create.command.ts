import { defineCommand } from '../../common/define';
import { pushSubscription, pushSubscriptionFields } from '../push-subscription/push-subscription.schema';

export const pushSubscriptionCreate = defineCommand({
  service: 'notifications',
  name: 'push_subscription.create',
  version: 1,
  summary:
    "Register this browser's push subscription for me (the same endpoint again updates it, and moves it to me if another user had it)",
  request: pushSubscriptionFields,
  response: pushSubscription,
});
