import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { webhookDelivery } from '../webhook-schema/webhook.schema';

export const webhookRedeliver = defineCommand({
  service: 'notifications',
  name: 'webhook_delivery.redeliver',
  version: 1,
  summary:
    'Send a delivery again now, with the same body and delivery id, attempts counted afresh (webhooks.manage; the webhook must be enabled)',
  request: z.strictObject({ villageId: uuid, webhookId: uuid, deliveryId: uuid }),
  response: webhookDelivery,
});
