import { defineCommand } from '../../common/define';
import { page, pageQuery, uuid } from '../../common/schemas';
import { webhookDelivery, webhookDeliveryStatus } from '../webhook-schema/webhook.schema';

/** `?status=&limit=&cursor=` of `GET /v1/villages/{villageId}/webhooks/{id}/deliveries`. */
export const webhookDeliveryListQuery = pageQuery.extend({ status: webhookDeliveryStatus.optional() });

export const webhookDeliveryList = defineCommand({
  service: 'notifications',
  name: 'webhook_delivery.list',
  version: 1,
  summary:
    "A webhook's delivery log, newest first, with each delivery's status and latest attempts (webhooks.manage)",
  request: webhookDeliveryListQuery.extend({ villageId: uuid, webhookId: uuid }),
  response: page(webhookDelivery),
});
