import type { CommandDefinition, ErrorCode, RequestOf } from '@vv/contracts';
import { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const noParams = z.strictObject({});

/**
 * One HTTP route of the gateway, declared once beside its contract command: the route's
 * validation, the NATS call it makes and its OpenAPI entry all come from this declaration.
 */
export interface RouteDefinition<C extends CommandDefinition = CommandDefinition> {
  readonly method: HttpMethod;
  /** Fastify syntax, e.g. `/v1/users/:id`. */
  readonly path: string;
  readonly command: C;
  readonly status: 200 | 201 | 204;
  /** `bearer`: an access token is required and becomes the command's actor. */
  readonly auth: 'bearer' | 'none';
  /** The OpenAPI tag (the area of the API guide). */
  readonly tag: string;
  readonly summary: string;
  /** Whether the JSON body is the command's request (validated with the command's request schema). */
  readonly body: boolean;
  /** Path parameters, validated before the command's request is built. */
  readonly params: z.ZodObject;
  /** Query parameters; unknown ones are refused like unknown body fields. */
  readonly query: z.ZodObject;
  /** Builds the command's request of a route without a body from its validated params and query. */
  readonly toRequest: (input: RouteInput) => unknown;
  /** Contract errors this route answers with besides the ones every route may (documentation). */
  readonly errors: readonly ErrorCode[];
}

export interface RouteInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
}

interface RouteOptions<C extends CommandDefinition, P extends z.ZodObject, Q extends z.ZodObject> {
  method: HttpMethod;
  path: string;
  command: C;
  status?: 200 | 201 | 204;
  auth: 'bearer' | 'none';
  tag: string;
  /** Defaults to the command's summary. */
  summary?: string;
  body?: boolean;
  params?: P;
  query?: Q;
  toRequest?: (input: { params: z.output<P>; query: z.output<Q> }) => RequestOf<C>;
  errors?: readonly ErrorCode[];
}

/** Declares a route; the generic parameters tie `toRequest` to the params schema and the command. */
export function defineRoute<
  C extends CommandDefinition,
  P extends z.ZodObject = typeof noParams,
  Q extends z.ZodObject = typeof noParams,
>(options: RouteOptions<C, P, Q>): RouteDefinition<C> {
  const pathParams = [...options.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
  const params = options.params ?? noParams;
  const declared = Object.keys(params.shape);
  if (pathParams.join() !== declared.join()) {
    throw new Error(
      `${options.path}: path parameters (${pathParams.join()}) must match params (${declared.join()})`,
    );
  }
  const toRequest = options.toRequest as ((input: RouteInput) => unknown) | undefined;
  return {
    method: options.method,
    path: options.path,
    command: options.command,
    status: options.status ?? 200,
    auth: options.auth,
    tag: options.tag,
    summary: options.summary ?? options.command.summary,
    body: options.body ?? false,
    params,
    query: options.query ?? noParams,
    toRequest: toRequest ?? (() => ({})),
    errors: options.errors ?? [],
  };
}

/** `authSignup` for `auth.signup`: the OpenAPI operationId. */
export const operationIdOf = (route: RouteDefinition): string =>
  route.command.name.replace(/[._](\w)/g, (_match, letter: string) => letter.toUpperCase());
