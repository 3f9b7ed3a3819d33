import { ERROR_CODES, NAMED_SCHEMAS, type ErrorCode } from '@vv/contracts';
import { z } from 'zod';
import { httpStatusOf, PROBLEM_CONTENT_TYPE } from '../problems/problem';
import { operationIdOf, type RouteDefinition } from '../routing/route-definition';
import { pointer, SchemaComponents, type JsonSchema } from './schema-components';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  servers: Array<{ url: string; description: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  /** `[]` on a public operation: no credentials needed. */
  security: Array<Record<string, string[]>>;
  parameters?: JsonSchema[];
  requestBody?: JsonSchema;
  responses: Record<string, JsonSchema>;
}

const SECURITY_SCHEME = 'bearer';

/** Errors any route may answer with. */
const ALWAYS: readonly ErrorCode[] = ['rate_limited', 'internal', 'unavailable', 'timeout'];

/**
 * The metadata zod reads while converting: the global registry's (descriptions, formats) and the
 * `id` of each of the contracts' named schemas, which makes it a component.
 */
class ContractMetadata extends z.core.$ZodRegistry<Record<string, unknown>> {
  override get(schema: z.core.$ZodType): Record<string, unknown> | undefined {
    const metadata = { ...z.globalRegistry.get(schema), ...super.get(schema) };
    return Object.keys(metadata).length ? metadata : undefined;
  }
}
const METADATA = new ContractMetadata();
for (const [id, schema] of Object.entries(NAMED_SCHEMAS)) METADATA.add(schema, { id });

/**
 * Draft 2020-12 JSON Schema (OpenAPI 3.1's dialect) of a zod schema, placed in the document's
 * components; a named schema whose request (input) side differs from its response side is `<Name>Input`.
 */
const toSchema = (
  components: SchemaComponents,
  schema: z.ZodType,
  io: 'input' | 'output',
  namespace: string,
): JsonSchema =>
  components.place(
    z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      metadata: METADATA,
    }),
    namespace,
    io === 'input' ? 'Input' : '',
  );

const PROBLEM_REF = { $ref: pointer('components', 'schemas', 'Problem') };

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'code', 'detail', 'requestId'],
  properties: {
    type: { type: 'string', format: 'uri-reference' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: [...ERROR_CODES] },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: { field: { type: 'string' }, reason: { type: 'string' } },
      },
    },
    requestId: { type: 'string' },
  },
};

/** `/v1/users/:id` → `/v1/users/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

function parametersOf(route: RouteDefinition, components: SchemaComponents): JsonSchema[] {
  const of = (schema: z.ZodObject, location: 'path' | 'query' | 'header'): JsonSchema[] => {
    const json = toSchema(components, schema, 'input', `${operationIdOf(route)}.${location}`);
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    return Object.entries(properties).map(([name, schema]) => ({
      name,
      in: location,
      required: location === 'path' || required.has(name),
      schema,
    }));
  };
  const parameters = [
    ...of(route.params, 'path'),
    ...of(route.query, 'query'),
    ...of(route.headers, 'header'),
  ];
  if (route.idempotent) parameters.push(IDEMPOTENCY_KEY_PARAMETER);
  return parameters;
}

const IDEMPOTENCY_KEY_PARAMETER: JsonSchema = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the same key with the same request within 24 h answers the first answer and creates nothing; with another request, 422 idempotency_key_reused.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
};

/** A body the route accepts as absent: every field of it is optional. */
const bodyOptional = (route: RouteDefinition): boolean =>
  (route.bodySchema ?? route.command.request).safeParse({}).success;

function errorResponses(route: RouteDefinition): Record<string, JsonSchema> {
  const codes = new Set<ErrorCode>([...route.errors, ...ALWAYS]);
  if (
    route.body ||
    Object.keys(route.params.shape).length ||
    Object.keys(route.query.shape).length ||
    Object.keys(route.headers.shape).length
  )
    codes.add('invalid');
  if (route.body)
    ['payload_too_large', 'unsupported_media_type'].forEach((code) => codes.add(code as ErrorCode));
  if (route.auth === 'bearer') codes.add('unauthenticated');
  if (route.idempotent) codes.add('idempotency_key_reused');
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes)
    byStatus.set(httpStatusOf(code), [...(byStatus.get(httpStatusOf(code)) ?? []), code]);
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, statusCodes]) => [
        String(status),
        {
          description: `Problem: ${statusCodes.join(', ')}`,
          content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REF } },
        },
      ]),
  );
}

/** `text/calendar; charset=utf-8` → `text/calendar`. */
const mediaTypeOf = (contentType: string): string => contentType.split(';')[0].trim();

function operationOf(route: RouteDefinition, components: SchemaComponents): OpenApiOperation {
  const operationId = operationIdOf(route);
  const success: JsonSchema =
    route.status === 204
      ? { description: 'No content' }
      : {
          description: route.status === 201 ? 'Created' : route.status === 302 ? 'Found' : 'OK',
          ...(route.status === 302
            ? { headers: { Location: { description: 'Where to go', schema: { type: 'string' } } } }
            : {}),
          content: route.responseBody
            ? { [mediaTypeOf(route.responseBody.contentType)]: { schema: { type: 'string' } } }
            : {
                'application/json': {
                  schema: toSchema(components, route.command.response, 'output', `${operationId}.response`),
                },
              },
        };
  const operation: OpenApiOperation = {
    operationId,
    summary: route.summary,
    tags: [route.tag],
    security: route.auth === 'bearer' ? [{ [SECURITY_SCHEME]: [] }] : [],
    responses: { [String(route.status)]: success, ...errorResponses(route) },
  };
  const parameters = parametersOf(route, components);
  if (parameters.length) operation.parameters = parameters;
  if (route.body) {
    operation.requestBody = {
      required: !bodyOptional(route),
      content: {
        'application/json': {
          schema: toSchema(
            components,
            route.bodySchema ?? route.command.request,
            'input',
            `${operationId}.request`,
          ),
        },
      },
    };
  }
  return operation;
}

/** The OpenAPI 3.1 document of the given routes, from their declarations and the contracts' schemas. */
export function buildOpenApiDocument(routes: readonly RouteDefinition[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const components = new SchemaComponents();
  components.schemas.Problem = problemSchema;
  for (const route of routes) {
    const path = (paths[openApiPath(route.path)] ??= {});
    const method = route.method.toLowerCase();
    if (method in path) throw new Error(`${route.method} ${route.path} is declared twice`);
    path[method] = operationOf(route, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Virtual Village API',
      version: '1',
      description:
        'The HTTP API of the Virtual Village gateway. Errors are RFC 9457 application/problem+json with a `code`. ' +
        'Rate limits apply per client IP, per IP on /v1/auth/*, and per user; they are counted per gateway replica. ' +
        'The domain events and the WebSocket stream `/v1/stream` are described by the AsyncAPI 3.0 document at /docs/asyncapi.json.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'This gateway' }],
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: { [SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
