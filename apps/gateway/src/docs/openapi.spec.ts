import { accountsRoutes } from '../accounts/accounts.routes';
import type { RouteDefinition } from '../routing/route-definition';
import { buildOpenApiDocument, openApiPath } from './openapi';

const ROUTES: RouteDefinition[] = Object.values(accountsRoutes);

describe('buildOpenApiDocument', () => {
  const doc = buildOpenApiDocument(ROUTES);

  it('is an OpenAPI 3.1 document with a bearer scheme and a problem schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(doc.components.schemas.Problem).toMatchObject({
      required: expect.arrayContaining(['code', 'status']),
    });
  });

  it('documents every declared route, and only those', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const declared = ROUTES.map((route) => `${route.method} ${openApiPath(route.path)}`);
    expect(documented.sort()).toEqual(declared.sort());
    expect(documented).toEqual(
      expect.arrayContaining([
        'POST /v1/auth/signup',
        'POST /v1/auth/login',
        'POST /v1/auth/refresh',
        'POST /v1/auth/logout',
        'GET /v1/me',
        'PATCH /v1/me',
        'DELETE /v1/me',
        'GET /v1/users/{id}',
        'GET /v1/.well-known/jwks.json',
      ]),
    );
  });

  it('takes request and response bodies from the contract schemas', () => {
    const signup = doc.paths['/v1/auth/signup'].post;
    expect(signup.operationId).toBe('authSignup');
    expect(signup.requestBody).toMatchObject({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: expect.arrayContaining(['email', 'password', 'displayName']),
            additionalProperties: false,
          },
        },
      },
    });
    expect(signup.responses['201']).toMatchObject({
      content: { 'application/json': { schema: { properties: { accessToken: { type: 'string' } } } } },
    });
    expect(signup.responses['409']).toMatchObject({ description: expect.stringContaining('email_taken') });
  });

  it('marks authenticated routes and documents their 401', () => {
    const me = doc.paths['/v1/me'].get;
    expect(me.security).toEqual([{ bearer: [] }]);
    expect(me.responses['401']).toMatchObject({
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(doc.paths['/v1/auth/login'].post.security).toBeUndefined();
  });

  it('documents path parameters and bodiless answers', () => {
    expect(doc.paths['/v1/users/{id}'].get.parameters).toEqual([
      expect.objectContaining({
        name: 'id',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ format: 'uuid' }),
      }),
    ]);
    expect(doc.paths['/v1/me'].delete.responses['204']).toEqual({ description: 'No content' });
    expect(doc.paths['/v1/auth/logout'].post.responses['204']).toEqual({ description: 'No content' });
  });

  it('refuses a route declared twice', () => {
    expect(() => buildOpenApiDocument([accountsRoutes.meGet, accountsRoutes.meGet])).toThrow(
      /declared twice/,
    );
  });
});
