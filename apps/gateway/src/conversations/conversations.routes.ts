import {
  conversationCreate,
  conversationFields,
  conversationList,
  conversationMarkRead,
  conversationReadFields,
  messageDelete,
  messageEdit,
  messageFields,
  messageList,
  messagePatch,
  messageSend,
  uuid,
} from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

const CONVERSATIONS = 'Conversations';

const village = z.strictObject({ villageId: uuid });
const one = z.strictObject({ id: uuid });

/**
 * Direct conversations and their messages (messaging). A conversation the caller does not take
 * part in — or whose village they have left — answers 404.
 */
export const conversationsRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/v1/villages/:villageId/conversations',
    command: conversationCreate,
    status: 201,
    auth: 'bearer',
    tag: CONVERSATIONS,
    summary:
      'Start a conversation with villagers (the caller is included); for two people, their existing direct conversation is returned',
    params: village,
    body: conversationFields,
    toRequest: ({ params, body }) => ({ ...body, villageId: params.villageId }),
    errors: ['not_found', 'forbidden'],
  }),
  list: defineRoute({
    method: 'GET',
    path: '/v1/villages/:villageId/conversations',
    command: conversationList,
    auth: 'bearer',
    tag: CONVERSATIONS,
    params: village,
    query: conversationList.request.omit({ villageId: true }),
    toRequest: ({ params, query }) => ({ ...query, villageId: params.villageId }),
    errors: ['not_found'],
  }),
  listMessages: defineRoute({
    method: 'GET',
    path: '/v1/conversations/:id/messages',
    command: messageList,
    auth: 'bearer',
    tag: CONVERSATIONS,
    params: one,
    query: messageList.request.omit({ conversationId: true }),
    toRequest: ({ params, query }) => ({ ...query, conversationId: params.id }),
    errors: ['not_found'],
  }),
  send: defineRoute({
    method: 'POST',
    path: '/v1/conversations/:id/messages',
    command: messageSend,
    status: 201,
    auth: 'bearer',
    tag: CONVERSATIONS,
    params: one,
    body: messageFields,
    toRequest: ({ params, body }) => ({ ...body, conversationId: params.id }),
    errors: ['not_found'],
  }),
  markRead: defineRoute({
    method: 'POST',
    path: '/v1/conversations/:id/read',
    command: conversationMarkRead,
    auth: 'bearer',
    tag: CONVERSATIONS,
    params: one,
    body: conversationReadFields,
    toRequest: ({ params, body }) => ({ ...body, conversationId: params.id }),
    errors: ['not_found'],
  }),
  edit: defineRoute({
    method: 'PATCH',
    path: '/v1/messages/:id',
    command: messageEdit,
    auth: 'bearer',
    tag: CONVERSATIONS,
    params: one,
    body: messagePatch,
    toRequest: ({ params, body }) => ({ messageId: params.id, patch: body }),
    errors: ['not_found', 'forbidden', 'conflict'],
  }),
  delete: defineRoute({
    method: 'DELETE',
    path: '/v1/messages/:id',
    command: messageDelete,
    status: 204,
    auth: 'bearer',
    tag: CONVERSATIONS,
    params: one,
    toRequest: ({ params }) => ({ messageId: params.id }),
    errors: ['not_found', 'forbidden'],
  }),
};
