import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { metadataGet, metadataPut } from '@vv/contracts';
import { ServiceError } from '@vv/platform';
import type { FastifyRequest } from 'fastify';
import { lastValueFrom, of } from 'rxjs';
import { z } from 'zod';
import { metadataRoutes } from '../metadata/metadata.routes';
import { ResponseHeadersInterceptor } from './response-headers.interceptor';
import { buildRouteCall } from './route-call';
import { defineRoute } from './route-definition';

const request = (
  parts: Partial<Pick<FastifyRequest, 'body' | 'params' | 'query' | 'headers'>>,
): FastifyRequest =>
  ({
    params: {},
    query: {},
    headers: {},
    ip: '203.0.113.9',
    id: 'req-1',
    ...parts,
  }) as unknown as FastifyRequest;

const errorOf = (fn: () => unknown): ServiceError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
};

describe('routes that read headers and a body of their own', () => {
  const params = { scope: 'user', key: 'prefs' };

  it('hands a validated header and the body to toRequest', () => {
    const call = buildRouteCall(
      metadataRoutes.put,
      request({ params, headers: { 'if-match': '"7"', 'x-other': 'ignored' }, body: [1, 'two'] }),
    );
    expect(call.payload).toEqual({ scope: 'user', key: 'prefs', value: [1, 'two'], ifMatch: [7] });
  });

  it('leaves an absent optional header out', () => {
    expect(buildRouteCall(metadataRoutes.put, request({ params, body: null })).payload).toEqual({
      scope: 'user',
      key: 'prefs',
      value: null,
    });
  });

  it('refuses a malformed header, naming it', () => {
    const error = errorOf(() =>
      buildRouteCall(metadataRoutes.put, request({ params, headers: { 'if-match': '7' }, body: {} })),
    );
    expect(error.details?.errors).toEqual([{ field: 'header.if-match', reason: expect.any(String) }]);
  });

  it('validates an own-schema body before building the request', () => {
    const route = defineRoute({
      method: 'POST',
      path: '/v1/x/:scope/:key',
      command: metadataPut,
      auth: 'bearer',
      tag: 't',
      params: z.strictObject({ scope: z.string(), key: z.string() }),
      body: z.strictObject({ n: z.number() }),
      toRequest: ({ params: p, body }) => ({ scope: p.scope, key: p.key, value: body.n }),
    });
    expect(buildRouteCall(route, request({ params, body: { n: 3 } })).payload).toMatchObject({ value: 3 });
    expect(
      errorOf(() => buildRouteCall(route, request({ params, body: { n: 3, m: 1 } }))).details?.errors,
    ).toEqual([{ field: 'm', reason: 'unknown field' }]);
  });

  it('refuses a body schema without toRequest', () => {
    expect(() =>
      defineRoute({
        method: 'PUT',
        path: '/v1/y',
        command: metadataGet,
        auth: 'bearer',
        tag: 't',
        body: z.json(),
      }),
    ).toThrow(/toRequest/);
  });
});

describe('ResponseHeadersInterceptor', () => {
  it("sets the headers the route derives from the command's response", async () => {
    const headers: Record<string, string> = {};
    const reply = { header: (name: string, value: string) => (headers[name] = value) };
    const context = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ExecutionContext;
    const next: CallHandler = { handle: () => of({ version: 4 }) };
    const result = await lastValueFrom(
      new ResponseHeadersInterceptor(metadataRoutes.get).intercept(context, next),
    );
    expect(result).toEqual({ version: 4 });
    expect(headers).toEqual({ etag: '"4"' });
  });

  it('is only attached to routes that declare response headers', () => {
    expect(metadataRoutes.get.responseHeaders).toBeDefined();
    expect(metadataRoutes.delete.responseHeaders).toBeUndefined();
  });
});
