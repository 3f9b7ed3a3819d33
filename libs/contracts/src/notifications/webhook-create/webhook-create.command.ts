import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { webhook, webhookFields } from '../webhook-schema/webhook.schema';

export const webhookCreate = defineCommand({
  service: 'notifications',
  name: 'webhook.create',
  version: 1,
  summary:
    'Register a village webhook (webhooks.manage): its URL must be public http(s); the secret is returned this once',
  request: webhookFields.extend({ villageId: uuid }),
  /** The webhook and its secret: the only answer that ever carries it. */
  response: webhook.extend({ secret: z.string() }),
});
