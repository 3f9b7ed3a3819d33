import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty, uuid } from '../../common/schemas';

export const webhookDelete = defineCommand({
  service: 'notifications',
  name: 'webhook.delete',
  version: 1,
  summary: 'Delete a webhook with its delivery log; deliveries not sent yet are dropped (webhooks.manage)',
  request: z.strictObject({ villageId: uuid, webhookId: uuid }),
  response: empty,
});
