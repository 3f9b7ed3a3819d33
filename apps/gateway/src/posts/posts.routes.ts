import {
  postCreate,
  postDelete,
  postFields,
  postList,
  postListQuery,
  postPatch,
  postUpdate,
  reactionAdd,
  reactionEmoji,
  reactionRemove,
  uuid,
} from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

const POSTS = 'Posts';

const oneTopic = z.strictObject({ id: uuid });
const onePost = z.strictObject({ id: uuid });
const reaction = z.strictObject({ id: uuid, emoji: reactionEmoji });

/** Posts, threads and reactions (messaging). */
export const postsRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/v1/topics/:id/posts',
    command: postList,
    auth: 'bearer',
    tag: POSTS,
    params: oneTopic,
    query: postListQuery,
    toRequest: ({ params, query }) => ({ ...query, topicId: params.id }),
    errors: ['not_found', 'invalid'],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/v1/topics/:id/posts',
    command: postCreate,
    status: 201,
    auth: 'bearer',
    tag: POSTS,
    params: oneTopic,
    body: postFields,
    toRequest: ({ params, body }) => ({ ...body, topicId: params.id }),
    errors: ['not_found', 'forbidden', 'conflict', 'invalid'],
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/v1/posts/:id',
    command: postUpdate,
    auth: 'bearer',
    tag: POSTS,
    params: onePost,
    body: postPatch,
    toRequest: ({ params, body }) => ({ postId: params.id, patch: body }),
    errors: ['not_found', 'forbidden', 'conflict'],
  }),
  delete: defineRoute({
    method: 'DELETE',
    path: '/v1/posts/:id',
    command: postDelete,
    status: 204,
    auth: 'bearer',
    tag: POSTS,
    params: onePost,
    toRequest: ({ params }) => ({ postId: params.id }),
    errors: ['not_found', 'forbidden'],
  }),
  react: defineRoute({
    method: 'PUT',
    path: '/v1/posts/:id/reactions/:emoji',
    command: reactionAdd,
    auth: 'bearer',
    tag: POSTS,
    params: reaction,
    toRequest: ({ params }) => ({ postId: params.id, emoji: params.emoji }),
    errors: ['not_found', 'forbidden', 'conflict', 'invalid'],
  }),
  unreact: defineRoute({
    method: 'DELETE',
    path: '/v1/posts/:id/reactions/:emoji',
    command: reactionRemove,
    auth: 'bearer',
    tag: POSTS,
    params: reaction,
    toRequest: ({ params }) => ({ postId: params.id, emoji: params.emoji }),
    errors: ['not_found', 'forbidden'],
  }),
};
