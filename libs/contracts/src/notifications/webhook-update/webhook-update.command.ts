import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { webhook, webhookPatch } from '../webhook-schema/webhook.schema';

export const webhookUpdate = defineCommand({
  service: 'notifications',
  name: 'webhook.update',
  version: 1,
  summary:
    'Change a webhook: URL, events, data; enabled false pauses it, true re-enables it (webhooks.manage)',
  request: z.strictObject({ villageId: uuid, webhookId: uuid, patch: webhookPatch }),
  response: webhook,
});
