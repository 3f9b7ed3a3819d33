import {
  applyDecorators,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Put,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { ResponseHeadersInterceptor } from './response-headers.interceptor';
import type { HttpMethod, RouteDefinition } from './route-definition';

const ROUTE_METADATA = 'vv:gateway:route';

const METHODS: Record<HttpMethod, (path: string) => MethodDecorator> = {
  GET: Get,
  POST: Post,
  PUT: Put,
  PATCH: Patch,
  DELETE: Delete,
};

/** Serves a declared route with the decorated controller method. */
export const Route = (route: RouteDefinition): MethodDecorator =>
  applyDecorators(
    METHODS[route.method](route.path),
    HttpCode(route.status),
    SetMetadata(ROUTE_METADATA, route),
    ...(route.responseHeaders || route.responseBody
      ? [UseInterceptors(new ResponseHeadersInterceptor(route))]
      : []),
  );

/** The route a controller method serves, if it is one. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest hands handlers out as Function
export const routeOf = (handler: Function): RouteDefinition | undefined =>
  Reflect.getMetadata(ROUTE_METADATA, handler) as RouteDefinition | undefined;
