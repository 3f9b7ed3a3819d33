import type { Type } from '@nestjs/common';
import type { CommandDefinition, ErrorCode, RequestOf, ResponseOf } from '@vv/contracts';
import { z } from 'zod';
import type { RouteHandler } from './route-call';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const noParams = z.strictObject({});
/** Headers are never refused for being unknown: clients and proxies add their own. */
const noHeaders = z.object({});

/**
 * One HTTP route of the gateway, declared once beside its contract command: the route's HTTP
 * handler (routing.module.ts), its validation, the NATS call it makes and its OpenAPI entry all
 * come from this declaration.
 */
export interface RouteDefinition<C extends CommandDefinition = CommandDefinition> {
  readonly method: HttpMethod;
  /** Fastify syntax, e.g. `/v1/users/:id`. */
  readonly path: string;
  readonly command: C;
  /** 302: a redirect; `responseHeaders` gives its `location` (the JSON body is sent as well). */
  readonly status: 200 | 201 | 204 | 302;
  /** `bearer`: an access token is required and becomes the command's actor. */
  readonly auth: 'bearer' | 'none';
  /** The OpenAPI tag (the area of the API guide). */
  readonly tag: string;
  readonly summary: string;
  /** Whether the route takes a JSON body. */
  readonly body: boolean;
  /**
   * The body's own schema when it is not the command's request: the body is validated with it and
   * handed to `toRequest`. Undefined: the body is the command's request (validated with its schema).
   */
  readonly bodySchema: z.ZodType | undefined;
  /** Path parameters, validated before the command's request is built. */
  readonly params: z.ZodObject;
  /** Query parameters; unknown ones are refused like unknown body fields. */
  readonly query: z.ZodObject;
  /** Request headers the route reads (names lower-case, e.g. `if-match`); other headers are ignored. */
  readonly headers: z.ZodObject;
  /** Builds the command's request from the validated params, query, headers and (own-schema) body. */
  readonly toRequest: (input: RouteInput) => unknown;
  /** Response headers derived from the command's response (e.g. an ETag); none when undefined. */
  readonly responseHeaders: ((response: unknown) => Record<string, string>) | undefined;
  /** A non-JSON body rendered from the command's response (e.g. `text/calendar`); JSON when undefined. */
  readonly responseBody: RouteResponseBody | undefined;
  /** Contract errors this route answers with besides the ones every route may (documentation). */
  readonly errors: readonly ErrorCode[];
  /**
   * Whether the route honours `Idempotency-Key`: every authenticated POST that creates something
   * (201), unless declared otherwise.
   */
  readonly idempotent: boolean;
  /**
   * The provider that serves a route doing more than forwarding its call (e.g. completing the
   * answer with what only the gateway knows); undefined: the call is forwarded as it is.
   */
  readonly handler: Type<RouteHandler> | undefined;
}

/** A route answering with a body of its own media type instead of the command's JSON response. */
export interface RouteResponseBody<R = unknown> {
  /** The Content-Type header, e.g. `text/calendar; charset=utf-8`. */
  contentType: string;
  /** The body, from the command's response. */
  render: (response: R) => string;
}

export interface RouteInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  /** The validated body, for a route with its own `body` schema; undefined otherwise. */
  body: unknown;
}

interface RouteOptions<
  C extends CommandDefinition,
  P extends z.ZodObject,
  Q extends z.ZodObject,
  H extends z.ZodObject,
  B extends z.ZodType,
> {
  method: HttpMethod;
  path: string;
  command: C;
  status?: 200 | 201 | 204 | 302;
  auth: 'bearer' | 'none';
  tag: string;
  /** Defaults to the command's summary. */
  summary?: string;
  /** `true`: the body is the command's request; a schema: the body is validated with it and passed to `toRequest`. */
  body?: boolean | B;
  params?: P;
  query?: Q;
  headers?: H;
  toRequest?: (input: {
    params: z.output<P>;
    query: z.output<Q>;
    headers: z.output<H>;
    body: z.output<B>;
  }) => RequestOf<C>;
  responseHeaders?: (response: ResponseOf<C>) => Record<string, string>;
  responseBody?: RouteResponseBody<ResponseOf<C>>;
  errors?: readonly ErrorCode[];
  idempotent?: boolean;
  handler?: Type<RouteHandler<C>>;
}

/** Declares a route; the generic parameters tie `toRequest` to the params schema and the command. */
export function defineRoute<
  C extends CommandDefinition,
  P extends z.ZodObject = typeof noParams,
  Q extends z.ZodObject = typeof noParams,
  H extends z.ZodObject = typeof noHeaders,
  B extends z.ZodType = z.ZodUnknown,
>(options: RouteOptions<C, P, Q, H, B>): RouteDefinition<C> {
  const pathParams = [...options.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
  const params = options.params ?? noParams;
  const declared = Object.keys(params.shape);
  if (pathParams.join() !== declared.join()) {
    throw new Error(
      `${options.path}: path parameters (${pathParams.join()}) must match params (${declared.join()})`,
    );
  }
  const bodySchema = typeof options.body === 'object' ? options.body : undefined;
  if (bodySchema && !options.toRequest) {
    throw new Error(`${options.path}: a route with its own body schema needs toRequest`);
  }
  if (options.status === 302 && !options.responseHeaders) {
    throw new Error(`${options.path}: a redirect needs responseHeaders with its location`);
  }
  const toRequest = options.toRequest as ((input: RouteInput) => unknown) | undefined;
  const responseHeaders = options.responseHeaders as
    ((response: unknown) => Record<string, string>) | undefined;
  return {
    method: options.method,
    path: options.path,
    command: options.command,
    status: options.status ?? 200,
    auth: options.auth,
    tag: options.tag,
    summary: options.summary ?? options.command.summary,
    body: options.body !== undefined && options.body !== false,
    bodySchema,
    params,
    query: options.query ?? noParams,
    headers: options.headers ?? noHeaders,
    toRequest: toRequest ?? (() => ({})),
    responseHeaders,
    responseBody: options.responseBody as RouteResponseBody | undefined,
    errors: options.errors ?? [],
    idempotent:
      options.idempotent ??
      (options.method === 'POST' && options.auth === 'bearer' && options.status === 201),
    handler: options.handler,
  };
}

/** `authSignup` for `auth.signup`: the OpenAPI operationId. */
export const operationIdOf = (route: RouteDefinition): string =>
  route.command.name.replace(/[._](\w)/g, (_match, letter: string) => letter.toUpperCase());
