import {
  invitationAccept,
  invitationCreate,
  invitationCreateBody,
  invitationDecline,
  invitationList,
  invitationListMine,
  invitationResend,
  invitationRevoke,
  invitationStatus,
  pageQuery,
  uuid,
} from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

const TAG = 'Invitations';
const village = z.strictObject({ villageId: uuid });
const villageInvitation = z.strictObject({ villageId: uuid, id: uuid });

/** Invitations (identity): admin side under the village, invitee side under /v1/me and /v1/invitations. */
export const invitationsRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/v1/villages/:villageId/invitations',
    command: invitationCreate,
    status: 201,
    auth: 'bearer',
    tag: TAG,
    params: village,
    body: invitationCreateBody,
    toRequest: ({ params, body }) => ({ ...body, villageId: params.villageId }),
    errors: ['not_found', 'forbidden'],
  }),
  list: defineRoute({
    method: 'GET',
    path: '/v1/villages/:villageId/invitations',
    command: invitationList,
    auth: 'bearer',
    tag: TAG,
    params: village,
    query: pageQuery.extend({ status: invitationStatus.optional() }),
    toRequest: ({ params, query }) => ({ ...query, villageId: params.villageId }),
    errors: ['not_found', 'forbidden'],
  }),
  revoke: defineRoute({
    method: 'DELETE',
    path: '/v1/villages/:villageId/invitations/:id',
    command: invitationRevoke,
    auth: 'bearer',
    tag: TAG,
    params: villageInvitation,
    toRequest: ({ params }) => ({ villageId: params.villageId, invitationId: params.id }),
    errors: ['not_found', 'forbidden', 'conflict'],
  }),
  resend: defineRoute({
    method: 'POST',
    path: '/v1/villages/:villageId/invitations/:id/resend',
    command: invitationResend,
    auth: 'bearer',
    tag: TAG,
    params: villageInvitation,
    toRequest: ({ params }) => ({ villageId: params.villageId, invitationId: params.id }),
    errors: ['not_found', 'forbidden', 'conflict'],
  }),
  listMine: defineRoute({
    method: 'GET',
    path: '/v1/me/invitations',
    command: invitationListMine,
    auth: 'bearer',
    tag: TAG,
    query: pageQuery,
    toRequest: ({ query }) => query,
  }),
  accept: defineRoute({
    method: 'POST',
    path: '/v1/invitations/accept',
    command: invitationAccept,
    auth: 'bearer',
    tag: TAG,
    body: true,
    errors: ['not_found', 'gone', 'conflict', 'forbidden'],
  }),
  decline: defineRoute({
    method: 'POST',
    path: '/v1/invitations/decline',
    command: invitationDecline,
    auth: 'bearer',
    tag: TAG,
    body: true,
    errors: ['not_found', 'gone', 'conflict', 'forbidden'],
  }),
};
