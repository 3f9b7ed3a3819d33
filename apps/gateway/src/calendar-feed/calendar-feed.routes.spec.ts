import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { ServiceError } from '@vv/platform';
import type { FastifyRequest } from 'fastify';
import { lastValueFrom, of } from 'rxjs';
import { buildOpenApiDocument } from '../docs/openapi';
import { ResponseHeadersInterceptor } from '../routing/response-headers.interceptor';
import { buildRouteCall } from '../routing/route-call';
import { CALENDAR_CONTENT_TYPE, calendarFeedRoutes } from './calendar-feed.routes';
import { absoluteFeedUrl } from './public-base-url';

const VILLAGE = '0190a6a0-0000-7000-8000-000000000001';

const request = (parts: Partial<Pick<FastifyRequest, 'params' | 'query'>>): FastifyRequest =>
  ({
    params: {},
    query: {},
    headers: {},
    ip: '203.0.113.9',
    id: 'req-1',
    ...parts,
  }) as unknown as FastifyRequest;

const intercept = async (response: unknown) => {
  const headers: Record<string, string> = {};
  const reply = { header: (name: string, value: string) => (headers[name] = value) };
  const context = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of(response) };
  const body: unknown = await lastValueFrom(
    new ResponseHeadersInterceptor(calendarFeedRoutes.feed).intercept(context, next),
  );
  return { body, headers };
};

describe('the calendar feed route (a non-JSON response body)', () => {
  it('answers the rendered body as text/calendar, not the JSON response', async () => {
    const { body, headers } = await intercept({ ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' });
    expect(body).toBe('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    expect(headers).toEqual({ 'content-type': CALENDAR_CONTENT_TYPE, 'cache-control': 'private, no-store' });
  });

  it('is unauthenticated and takes the feed token from the query', () => {
    expect(calendarFeedRoutes.feed.auth).toBe('none');
    const call = buildRouteCall(
      calendarFeedRoutes.feed,
      request({ params: { villageId: VILLAGE }, query: { token: 'abc_-1' } }),
    );
    expect(call.payload).toEqual({ villageId: VILLAGE, token: 'abc_-1' });
    expect(call.actor).toBeNull();
  });

  it('refuses a feed request without a token', () => {
    expect(() =>
      buildRouteCall(calendarFeedRoutes.feed, request({ params: { villageId: VILLAGE } })),
    ).toThrow(ServiceError);
  });

  it('documents the feed as text/calendar in OpenAPI', () => {
    const document = buildOpenApiDocument([calendarFeedRoutes.feed, calendarFeedRoutes.createToken]);
    const paths = document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(paths['/v1/villages/{villageId}/calendar.ics'].get.responses['200']).toEqual({
      description: 'OK',
      content: { 'text/calendar': { schema: { type: 'string' } } },
    });
    expect(paths['/v1/villages/{villageId}/calendar-token'].post.responses['201']).toMatchObject({
      content: { 'application/json': expect.any(Object) },
    });
  });

  it('makes the feed URL absolute against the public base URL, a path prefix kept', () => {
    expect(
      absoluteFeedUrl(
        { token: 't', url: `/v1/villages/${VILLAGE}/calendar.ics?token=t` },
        'https://example.org/api',
      ),
    ).toEqual({ token: 't', url: `https://example.org/api/v1/villages/${VILLAGE}/calendar.ics?token=t` });
  });
});
