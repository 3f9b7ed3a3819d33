import { NAMED_SCHEMAS } from '@vv/contracts';
import { accountsRoutes } from '../accounts/accounts.routes';
import { apiRoutes } from '../api.routes';
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
    expect(signup.responses['201']).toEqual({
      description: 'Created',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/SessionTokens' } } },
    });
    expect(doc.components.schemas.SessionTokens).toMatchObject({
      properties: { accessToken: { type: 'string' }, user: { $ref: '#/components/schemas/User' } },
    });
    expect(signup.responses['409']).toMatchObject({ description: expect.stringContaining('email_taken') });
  });

  it('marks authenticated routes and documents their 401', () => {
    const me = doc.paths['/v1/me'].get;
    expect(me.security).toEqual([{ bearer: [] }]);
    expect(me.responses['401']).toMatchObject({
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(doc.paths['/v1/auth/login'].post.security).toEqual([]);
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

/** Every `$ref` anywhere in a JSON value. */
function refsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (!value || typeof value !== 'object') return [];
  const own =
    typeof (value as { $ref?: unknown }).$ref === 'string' ? [(value as { $ref: string }).$ref] : [];
  return [...own, ...Object.values(value).flatMap(refsOf)];
}

describe('the OpenAPI document of every served route', () => {
  const routes = apiRoutes();
  const doc = buildOpenApiDocument(routes);
  const { schemas } = doc.components;
  const operations = Object.values(doc.paths).flatMap((path) => Object.values(path));

  it('never refers to the document root, the ref that stops openapi-typescript and Swagger UI', () => {
    expect(refsOf(doc)).not.toContain('#');
    expect(JSON.stringify(doc)).not.toMatch(/"\$ref":"#"/);
  });

  it('refers to components that exist, and every component is referred to', () => {
    const refs = new Set(refsOf(doc));
    for (const ref of refs)
      expect({ ref, exists: ref.replace('#/components/schemas/', '') in schemas }).toEqual({
        ref,
        exists: true,
      });
    for (const name of Object.keys(schemas))
      expect({ name, used: refs.has(`#/components/schemas/${name}`) }).toEqual({ name, used: true });
  });

  it("names the contracts' shared schemas as components", () => {
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['Problem', 'User', 'Village', 'Member', 'Post', 'Event', 'File', 'JsonValue']),
    );
    for (const name of Object.keys(NAMED_SCHEMAS)) expect(schemas).toHaveProperty([name]);
    const json = (method: string, path: string) =>
      (doc.paths[path][method].responses['200'] as { content: Record<string, { schema: unknown }> }).content[
        'application/json'
      ].schema;
    expect(json('get', '/v1/me')).toEqual({ $ref: '#/components/schemas/User' });
    expect(json('get', '/v1/users/{id}')).toEqual({ $ref: '#/components/schemas/Profile' });
    expect(json('get', '/v1/villages/{villageId}/members')).toMatchObject({
      properties: { items: { items: { $ref: '#/components/schemas/Member' } } },
    });
  });

  it('takes a recursive schema by reference (the metadata value, any JSON)', () => {
    const put = doc.paths['/v1/metadata/{scope}/{key}'].put.requestBody as {
      content: Record<string, { schema: unknown }>;
    };
    expect(put.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/JsonValue' });
    expect(refsOf(schemas.JsonValue)).toEqual([
      '#/components/schemas/JsonValue',
      '#/components/schemas/JsonValue',
    ]);
  });

  it('places the request side of a named schema apart when it differs from the response side', () => {
    expect(schemas.ContactDetailsInput).toBeDefined();
    expect(schemas.ContactDetailsInput).not.toEqual(schemas.ContactDetails);
    const create = doc.paths['/v1/villages/{villageId}/contacts'].post.requestBody;
    expect(refsOf(create)).toContain('#/components/schemas/ContactDetailsInput');
  });

  it("keeps the contracts' own metadata beside the names (a webhook URL's format)", () => {
    const create = doc.paths['/v1/villages/{villageId}/webhooks'].post.requestBody as {
      content: Record<string, { schema: { properties: Record<string, unknown> } }>;
    };
    expect(create.content['application/json'].schema.properties.url).toMatchObject({ format: 'uri' });
  });

  it('marks public operations `security: []` and every other one bearer', () => {
    const expected = routes.map((route) => (route.auth === 'none' ? [] : [{ bearer: [] }]));
    expect(operations.map((operation) => operation.security)).toEqual(expected);
    expect(expected.filter((security) => security.length === 0).length).toBeGreaterThan(0);
  });
});
