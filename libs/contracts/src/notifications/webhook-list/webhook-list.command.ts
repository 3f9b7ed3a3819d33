import { defineCommand } from '../../common/define';
import { page, pageQuery, uuid } from '../../common/schemas';
import { webhook } from '../webhook-schema/webhook.schema';

export const webhookList = defineCommand({
  service: 'notifications',
  name: 'webhook.list',
  version: 1,
  summary: "A village's webhooks, newest first, without their secrets (webhooks.manage)",
  request: pageQuery.extend({ villageId: uuid }),
  response: page(webhook),
});
