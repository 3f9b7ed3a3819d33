import {
  uuid,
  webhookCreate,
  webhookDelete,
  webhookDeliveryList,
  webhookDeliveryListQuery,
  webhookFields,
  webhookList,
  webhookPatch,
  webhookRedeliver,
  webhookUpdate,
  pageQuery,
} from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

const WEBHOOKS = 'Webhooks';

const village = z.strictObject({ villageId: uuid });
const oneWebhook = z.strictObject({ villageId: uuid, id: uuid });
const oneDelivery = z.strictObject({ villageId: uuid, id: uuid, deliveryId: uuid });

/**
 * A village's webhooks (notifications), for `webhooks.manage` holders (admins and owners by
 * default): a private village answers 404 to outsiders, 403 to members without the permission.
 */
export const webhooksRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/v1/villages/:villageId/webhooks',
    command: webhookList,
    auth: 'bearer',
    tag: WEBHOOKS,
    params: village,
    query: pageQuery,
    toRequest: ({ params, query }) => ({ ...query, villageId: params.villageId }),
    errors: ['not_found', 'forbidden'],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/v1/villages/:villageId/webhooks',
    command: webhookCreate,
    status: 201,
    auth: 'bearer',
    tag: WEBHOOKS,
    summary:
      'Register a webhook {url, events[], secret?}: deliveries are signed POSTs (X-Village-Signature); the secret is returned this once',
    params: village,
    body: webhookFields,
    toRequest: ({ params, body }) => ({ ...body, villageId: params.villageId }),
    errors: ['not_found', 'forbidden', 'conflict'],
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/v1/villages/:villageId/webhooks/:id',
    command: webhookUpdate,
    auth: 'bearer',
    tag: WEBHOOKS,
    params: oneWebhook,
    body: webhookPatch,
    toRequest: ({ params, body }) => ({ villageId: params.villageId, webhookId: params.id, patch: body }),
    errors: ['not_found', 'forbidden'],
  }),
  delete: defineRoute({
    method: 'DELETE',
    path: '/v1/villages/:villageId/webhooks/:id',
    command: webhookDelete,
    status: 204,
    auth: 'bearer',
    tag: WEBHOOKS,
    params: oneWebhook,
    toRequest: ({ params }) => ({ villageId: params.villageId, webhookId: params.id }),
    errors: ['not_found', 'forbidden'],
  }),
  deliveries: defineRoute({
    method: 'GET',
    path: '/v1/villages/:villageId/webhooks/:id/deliveries',
    command: webhookDeliveryList,
    auth: 'bearer',
    tag: WEBHOOKS,
    params: oneWebhook,
    query: webhookDeliveryListQuery,
    toRequest: ({ params, query }) => ({ ...query, villageId: params.villageId, webhookId: params.id }),
    errors: ['not_found', 'forbidden'],
  }),
  redeliver: defineRoute({
    method: 'POST',
    path: '/v1/villages/:villageId/webhooks/:id/deliveries/:deliveryId/redeliver',
    command: webhookRedeliver,
    auth: 'bearer',
    tag: WEBHOOKS,
    params: oneDelivery,
    toRequest: ({ params }) => ({
      villageId: params.villageId,
      webhookId: params.id,
      deliveryId: params.deliveryId,
    }),
    errors: ['not_found', 'forbidden', 'conflict'],
  }),
};
