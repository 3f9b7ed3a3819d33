import {
  broadcastFields,
  broadcastList,
  broadcastMarkRead,
  broadcastReadFields,
  broadcastSend,
  uuid,
} from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

const BROADCASTS = 'Broadcasts';

const village = z.strictObject({ villageId: uuid });

/** A village's broadcasts (messaging) and the caller's broadcast read cursor. */
export const broadcastsRoutes = {
  send: defineRoute({
    method: 'POST',
    path: '/v1/villages/:villageId/broadcasts',
    command: broadcastSend,
    status: 201,
    auth: 'bearer',
    tag: BROADCASTS,
    params: village,
    body: broadcastFields,
    toRequest: ({ params, body }) => ({ ...body, villageId: params.villageId }),
    errors: ['not_found', 'forbidden'],
  }),
  list: defineRoute({
    method: 'GET',
    path: '/v1/villages/:villageId/broadcasts',
    command: broadcastList,
    auth: 'bearer',
    tag: BROADCASTS,
    params: village,
    query: broadcastList.request.omit({ villageId: true }),
    toRequest: ({ params, query }) => ({ ...query, villageId: params.villageId }),
    errors: ['not_found'],
  }),
  markRead: defineRoute({
    method: 'POST',
    path: '/v1/villages/:villageId/broadcasts/read',
    command: broadcastMarkRead,
    auth: 'bearer',
    tag: BROADCASTS,
    params: village,
    body: broadcastReadFields,
    toRequest: ({ params, body }) => ({ ...body, villageId: params.villageId }),
    errors: ['not_found', 'forbidden'],
  }),
};
