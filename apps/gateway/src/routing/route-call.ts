import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandDefinition, FieldError, ParsedRequestOf, ResponseOf } from '@vv/contracts';
import { fieldErrors, ServiceError, validTraceparent, type Actor } from '@vv/platform';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth/request-actor';
import type { RouteDefinition } from './route-definition';
import { routeOf } from './route.decorator';

/** A validated request of a route, ready to be sent as its command. */
export interface RouteCall<C extends CommandDefinition = CommandDefinition> {
  route: RouteDefinition<C>;
  payload: ParsedRequestOf<C>;
  actor: Actor | null;
  clientIp: string;
  requestId: string;
  /** The client's `Idempotency-Key` on a route that honours it. */
  idempotencyKey: string | null;
  /** The client's W3C `traceparent` when well-formed (a malformed one is ignored, as W3C asks). */
  traceparent: string | null;
}

/**
 * Serves a route that does more than forward its call (`handler` of its declaration): a provider
 * of the routing module, which still forwards through `CommandForwarder`.
 */
export interface RouteHandler<C extends CommandDefinition = CommandDefinition> {
  handle(call: RouteCall<C>): Promise<ResponseOf<C>>;
}

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** `Idempotency-Key`: 1–255 visible ASCII characters (a UUID, say), optionally quoted. */
export const idempotencyKeyHeader = z
  .string()
  .transform((value) => value.trim().replace(/^"(.*)"$/, '$1'))
  .pipe(z.string().regex(/^[\x21-\x7e]{1,255}$/, '1 to 255 visible ASCII characters, e.g. a UUID'));

const prefixed = (prefix: string, errors: FieldError[]): FieldError[] =>
  errors.map((error) => ({ ...error, field: error.field ? `${prefix}.${error.field}` : prefix }));

function parse<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error);
  throw ServiceError.invalid(prefix ? prefixed(prefix, errors) : errors);
}

/**
 * A request sent without a body is read as `{}` when the route's body is an object: a POST whose
 * fields are all optional needs no body, and one with required fields is refused field by field.
 */
const bodyOf = (request: FastifyRequest, schema: z.ZodType | undefined): unknown =>
  request.body === undefined && (!schema || schema instanceof z.ZodObject) ? {} : request.body;

function idempotencyKeyOf(route: RouteDefinition, request: FastifyRequest): string | null {
  const header = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (!route.idempotent || header === undefined) return null;
  return parse(idempotencyKeyHeader, header, `header.${IDEMPOTENCY_KEY_HEADER}`);
}

const headerOf = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Validates a request against its route: path params, query, then the command's request schema. */
export function buildRouteCall(route: RouteDefinition, request: FastifyRequest): RouteCall {
  const params = parse(route.params, request.params ?? {}, 'path');
  const query = parse(route.query, request.query ?? {}, 'query');
  const headers = parse(route.headers, request.headers, 'header');
  const input =
    route.body && !route.bodySchema
      ? bodyOf(request, undefined)
      : route.toRequest({
          params,
          query,
          headers,
          body: route.bodySchema ? parse(route.bodySchema, bodyOf(request, route.bodySchema)) : undefined,
        });
  return {
    route,
    payload: parse(route.command.request, input),
    actor: actorOf(request),
    clientIp: request.ip,
    requestId: request.id,
    idempotencyKey: idempotencyKeyOf(route, request),
    traceparent: validTraceparent(headerOf(request, 'traceparent')),
  };
}

/** The validated call of the route the controller method serves. */
export const Call = createParamDecorator((_data: unknown, context: ExecutionContext): RouteCall => {
  const route = routeOf(context.getHandler());
  if (!route)
    throw new Error(`${context.getClass().name}.${context.getHandler().name} is not a declared route`);
  return buildRouteCall(route, context.switchToHttp().getRequest<FastifyRequest>());
});
