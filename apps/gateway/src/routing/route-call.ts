import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandDefinition, FieldError, ParsedRequestOf } from '@vv/contracts';
import { fieldErrors, ServiceError, type Actor } from '@vv/platform';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
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
}

const prefixed = (prefix: string, errors: FieldError[]): FieldError[] =>
  errors.map((error) => ({ ...error, field: error.field ? `${prefix}.${error.field}` : prefix }));

function parse<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error);
  throw ServiceError.invalid(prefix ? prefixed(prefix, errors) : errors);
}

/** Validates a request against its route: path params, query, then the command's request schema. */
export function buildRouteCall(route: RouteDefinition, request: FastifyRequest): RouteCall {
  const params = parse(route.params, request.params ?? {}, 'path');
  const query = parse(route.query, request.query ?? {}, 'query');
  const headers = parse(route.headers, request.headers, 'header');
  const input =
    route.body && !route.bodySchema
      ? (request.body ?? {})
      : route.toRequest({
          params,
          query,
          headers,
          body: route.bodySchema ? parse(route.bodySchema, request.body) : undefined,
        });
  return {
    route,
    payload: parse(route.command.request, input),
    actor: actorOf(request),
    clientIp: request.ip,
    requestId: request.id,
  };
}

/** The validated call of the route the controller method serves. */
export const Call = createParamDecorator((_data: unknown, context: ExecutionContext): RouteCall => {
  const route = routeOf(context.getHandler());
  if (!route)
    throw new Error(`${context.getClass().name}.${context.getHandler().name} is not a declared route`);
  return buildRouteCall(route, context.switchToHttp().getRequest<FastifyRequest>());
});
