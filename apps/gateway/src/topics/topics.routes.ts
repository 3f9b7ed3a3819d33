import {
  topicCreate,
  topicDelete,
  topicFields,
  topicGet,
  topicList,
  topicListQuery,
  topicPatch,
  topicUpdate,
  uuid,
} from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

const TOPICS = 'Topics';

const village = z.strictObject({ villageId: uuid });
const oneTopic = z.strictObject({ id: uuid });

/** A village's topics (messaging); a topic of a private village answers 404 to outsiders. */
export const topicsRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/v1/villages/:villageId/topics',
    command: topicList,
    auth: 'bearer',
    tag: TOPICS,
    params: village,
    query: topicListQuery,
    toRequest: ({ params, query }) => ({ ...query, villageId: params.villageId }),
    errors: ['not_found'],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/v1/villages/:villageId/topics',
    command: topicCreate,
    status: 201,
    auth: 'bearer',
    tag: TOPICS,
    params: village,
    body: topicFields,
    toRequest: ({ params, body }) => ({ ...body, villageId: params.villageId }),
    errors: ['not_found', 'forbidden'],
  }),
  get: defineRoute({
    method: 'GET',
    path: '/v1/topics/:id',
    command: topicGet,
    auth: 'bearer',
    tag: TOPICS,
    params: oneTopic,
    toRequest: ({ params }) => ({ topicId: params.id }),
    errors: ['not_found'],
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/v1/topics/:id',
    command: topicUpdate,
    auth: 'bearer',
    tag: TOPICS,
    params: oneTopic,
    body: topicPatch,
    toRequest: ({ params, body }) => ({ topicId: params.id, patch: body }),
    errors: ['not_found', 'forbidden'],
  }),
  delete: defineRoute({
    method: 'DELETE',
    path: '/v1/topics/:id',
    command: topicDelete,
    status: 204,
    auth: 'bearer',
    tag: TOPICS,
    params: oneTopic,
    toRequest: ({ params }) => ({ topicId: params.id }),
    errors: ['not_found', 'forbidden'],
  }),
};
