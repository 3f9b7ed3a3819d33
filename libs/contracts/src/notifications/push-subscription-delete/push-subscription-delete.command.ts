import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty, uuid } from '../../common/schemas';

export const pushSubscriptionDelete = defineCommand({
  service: 'notifications',
  name: 'push_subscription.delete',
  version: 1,
  summary: 'Remove one of my push subscriptions (404 when it is not mine)',
  request: z.strictObject({ subscriptionId: uuid }),
  response: empty,
});
