import { feedGet, feedTokenCreate, feedTokenParam, feedTokenRevoke, uuid } from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';
import { FeedTokenRouteHandler } from './feed-token.route-handler';

const CALENDAR = 'Calendar';

const village = z.strictObject({ villageId: uuid });

/** The media type of the feed (RFC 5545 §8.1). */
export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/**
 * A member's iCalendar feed of a village (calendar). The feed is fetched by calendar clients that
 * cannot send a bearer token, so it is `auth: 'none'` and carries the member's feed token in the
 * query; calendar checks the token and the membership on every fetch.
 */
export const calendarFeedRoutes = {
  feed: defineRoute({
    method: 'GET',
    path: '/v1/villages/:villageId/calendar.ics',
    command: feedGet,
    auth: 'none',
    tag: CALENDAR,
    params: village,
    query: z.strictObject({ token: feedTokenParam }),
    toRequest: ({ params, query }) => ({ villageId: params.villageId, token: query.token }),
    responseHeaders: () => ({ 'cache-control': 'private, no-store' }),
    responseBody: { contentType: CALENDAR_CONTENT_TYPE, render: (response) => response.ics },
    errors: ['not_found'],
  }),
  createToken: defineRoute({
    method: 'POST',
    path: '/v1/villages/:villageId/calendar-token',
    command: feedTokenCreate,
    status: 201,
    auth: 'bearer',
    tag: CALENDAR,
    params: village,
    toRequest: ({ params }) => ({ villageId: params.villageId }),
    errors: ['not_found', 'forbidden'],
    handler: FeedTokenRouteHandler,
  }),
  revokeToken: defineRoute({
    method: 'DELETE',
    path: '/v1/villages/:villageId/calendar-token',
    command: feedTokenRevoke,
    status: 204,
    auth: 'bearer',
    tag: CALENDAR,
    params: village,
    toRequest: ({ params }) => ({ villageId: params.villageId }),
    errors: ['not_found'],
  }),
};
