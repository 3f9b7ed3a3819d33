import {
  attendanceFields,
  attendanceSet,
  eventCancel,
  eventCreate,
  eventFields,
  eventGet,
  eventList,
  eventListQuery,
  eventPatch,
  eventPatchQuery,
  eventUpdate,
  uuid,
} from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

const EVENTS = 'Calendar';

const village = z.strictObject({ villageId: uuid });
const oneEvent = z.strictObject({ id: uuid });

/** A village's events (calendar); an event of a private village answers 404 to outsiders. */
export const eventsRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/v1/villages/:villageId/events',
    command: eventList,
    auth: 'bearer',
    tag: EVENTS,
    params: village,
    query: eventListQuery,
    toRequest: ({ params, query }) => ({ ...query, villageId: params.villageId }),
    errors: ['not_found', 'invalid'],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/v1/villages/:villageId/events',
    command: eventCreate,
    status: 201,
    auth: 'bearer',
    tag: EVENTS,
    params: village,
    body: eventFields,
    toRequest: ({ params, body }) => ({ ...body, villageId: params.villageId }),
    errors: ['not_found', 'forbidden', 'invalid'],
  }),
  get: defineRoute({
    method: 'GET',
    path: '/v1/events/:id',
    command: eventGet,
    auth: 'bearer',
    tag: EVENTS,
    params: oneEvent,
    toRequest: ({ params }) => ({ eventId: params.id }),
    errors: ['not_found'],
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/v1/events/:id',
    command: eventUpdate,
    auth: 'bearer',
    tag: EVENTS,
    params: oneEvent,
    query: eventPatchQuery,
    body: eventPatch,
    toRequest: ({ params, query, body }) => ({
      eventId: params.id,
      occurrence: query.occurrence,
      patch: body,
    }),
    errors: ['not_found', 'forbidden', 'invalid'],
  }),
  cancel: defineRoute({
    method: 'DELETE',
    path: '/v1/events/:id',
    command: eventCancel,
    status: 204,
    auth: 'bearer',
    tag: EVENTS,
    params: oneEvent,
    toRequest: ({ params }) => ({ eventId: params.id }),
    errors: ['not_found', 'forbidden'],
  }),
  attendance: defineRoute({
    method: 'PUT',
    path: '/v1/events/:id/attendance',
    command: attendanceSet,
    auth: 'bearer',
    tag: EVENTS,
    params: oneEvent,
    body: attendanceFields,
    toRequest: ({ params, body }) => ({ ...body, eventId: params.id }),
    errors: ['not_found', 'forbidden', 'invalid'],
  }),
};
