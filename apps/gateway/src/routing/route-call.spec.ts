import type { FastifyRequest } from 'fastify';
import { ServiceError } from '@vv/platform';
import { accountsRoutes } from '../accounts/accounts.routes';
import { filesRoutes } from '../files/files.routes';
import { setActor } from '../auth/request-actor';
import { buildRouteCall } from './route-call';
import { defineRoute } from './route-definition';
import { meGet } from '@vv/contracts';

const USER_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

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

const invalid = (fn: () => unknown): ServiceError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
};

describe('buildRouteCall', () => {
  it('validates a body with the command request schema and keeps the context', () => {
    const call = buildRouteCall(
      accountsRoutes.login,
      request({ body: { email: ' Ann@Example.COM ', password: 'correct horse' } }),
    );
    expect(call).toMatchObject({
      payload: { email: 'ann@example.com', password: 'correct horse' },
      clientIp: '203.0.113.9',
      requestId: 'req-1',
      actor: null,
    });
  });

  it('carries a well-formed traceparent and ignores a malformed one', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const body = { email: 'a@b.co', password: 'correct horse' };
    const traced = (value: string): string | null =>
      buildRouteCall(accountsRoutes.login, request({ body, headers: { traceparent: value } })).traceparent;
    expect(traced(traceparent)).toBe(traceparent);
    expect(traced('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7')).toBeNull();
    expect(traced('ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBeNull();
    expect(traced('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeNull();
    expect(buildRouteCall(accountsRoutes.login, request({ body })).traceparent).toBeNull();
  });

  it('refuses unknown body fields with a field-level reason', () => {
    const error = invalid(() =>
      buildRouteCall(
        accountsRoutes.login,
        request({ body: { email: 'a@b.co', password: 'x', isAdmin: true } }),
      ),
    );
    expect(error.code).toBe('invalid');
    expect(error.details?.errors).toEqual([{ field: 'isAdmin', reason: 'unknown field' }]);
  });

  it('refuses a missing body', () => {
    const error = invalid(() => buildRouteCall(accountsRoutes.signup, request({ body: undefined })));
    expect(error.details?.errors?.map((e) => e.field).sort()).toEqual(['displayName', 'email', 'password']);
  });

  it('reads a POST without a body as {} when every field of its body is optional', () => {
    const call = buildRouteCall(filesRoutes.complete, request({ params: { id: USER_ID }, body: undefined }));
    expect(call.payload).toEqual({ fileId: USER_ID });
  });

  it('validates path parameters and builds the request from them', () => {
    expect(buildRouteCall(accountsRoutes.userGet, request({ params: { id: USER_ID } })).payload).toEqual({
      userId: USER_ID,
    });
    const error = invalid(() =>
      buildRouteCall(accountsRoutes.userGet, request({ params: { id: 'not-a-uuid' } })),
    );
    expect(error.details?.errors).toEqual([{ field: 'path.id', reason: expect.any(String) }]);
  });

  it('refuses unknown query parameters', () => {
    const error = invalid(() => buildRouteCall(accountsRoutes.meGet, request({ query: { debug: '1' } })));
    expect(error.details?.errors).toEqual([{ field: 'query.debug', reason: 'unknown field' }]);
  });

  it('carries the verified actor', () => {
    const req = request({});
    setActor(req, { userId: USER_ID, sessionId: USER_ID });
    expect(buildRouteCall(accountsRoutes.meGet, req).actor).toEqual({ userId: USER_ID, sessionId: USER_ID });
  });
});

describe('defineRoute', () => {
  it('refuses path parameters without a schema', () => {
    expect(() =>
      defineRoute({ method: 'GET', path: '/v1/x/:id', command: meGet, auth: 'bearer', tag: 't' }),
    ).toThrow(/path parameters/);
  });
});
