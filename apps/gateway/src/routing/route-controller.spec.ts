import { RequestMethod, type Type } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import type { ModuleRef } from '@nestjs/core';
import { meDelete, meGet, metadataGet } from '@vv/contracts';
import type { FastifyReply } from 'fastify';
import { API_ROUTES } from '../api.routes';
import { FeedTokenRouteHandler } from '../calendar-feed/feed-token.route-handler';
import { PublicBaseUrl } from '../calendar-feed/public-base-url';
import type { CommandForwarder } from './command-forwarder';
import type { RouteCall, RouteHandler } from './route-call';
import { routeController, type RouteGroup } from './route-controller';
import { defineRoute, type RouteDefinition } from './route-definition';
import { routeOf } from './route.decorator';
import { RoutingModule } from './routing.module';

type Method = (call: RouteCall, reply: FastifyReply) => Promise<unknown>;

/** What Nest reads from a controller method to map it. */
function mappingOf(controller: Type, name: string) {
  const method = Reflect.get(controller.prototype as object, name) as Method;
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) as Record<
    string,
    { index: number }
  >;
  return {
    path: Reflect.getMetadata(PATH_METADATA, method) as string,
    method: Reflect.getMetadata(METHOD_METADATA, method) as RequestMethod,
    status: Reflect.getMetadata(HTTP_CODE_METADATA, method) as number,
    route: routeOf(method),
    argumentIndexes: Object.values(args).map((arg) => arg.index),
    interceptors: ((Reflect.getMetadata(INTERCEPTORS_METADATA, method) ?? []) as unknown[]).length,
  };
}

const call = (route: RouteDefinition): RouteCall =>
  ({ route, payload: {}, actor: null, clientIp: '203.0.113.9', requestId: 'r' }) as unknown as RouteCall;

describe('routeController', () => {
  it('maps every declared route with its method, path, status, validated call and interceptors', () => {
    for (const [group, routes] of Object.entries(API_ROUTES) as Array<[string, RouteGroup]>) {
      const controller = routeController(group, routes);
      expect(controller.name).toBe(`${group}Controller`);
      for (const [name, route] of Object.entries(routes)) {
        expect(mappingOf(controller, name)).toEqual({
          path: route.path,
          method: RequestMethod[route.method],
          status: route.status,
          route,
          argumentIndexes: [0, 1],
          interceptors: route.responseHeaders || route.responseBody ? 1 : 0,
        });
      }
    }
  });

  it('answers the service’s bytes for a route that only forwards, a 204 without a body, a handler route from its handler', async () => {
    const ran: string[] = [];
    class EchoHandler implements RouteHandler {
      handle(received: RouteCall): Promise<unknown> {
        ran.push(`handler ${received.route.path}`);
        return Promise.resolve({ handled: true });
      }
    }
    const routes = {
      me: defineRoute({ method: 'GET', path: '/v1/me', command: meGet, auth: 'bearer', tag: 't' }),
      gone: defineRoute({
        method: 'DELETE',
        path: '/v1/me',
        command: meDelete,
        status: 204,
        auth: 'bearer',
        tag: 't',
      }),
      echo: defineRoute({
        method: 'GET',
        path: '/v1/echo',
        command: meGet,
        auth: 'bearer',
        tag: 't',
        handler: EchoHandler as Type<RouteHandler<typeof meGet>>,
      }),
      tagged: defineRoute({
        method: 'GET',
        path: '/v1/tagged',
        command: metadataGet,
        auth: 'bearer',
        tag: 't',
        toRequest: () => ({ scope: 'user', key: 'k' }),
        responseHeaders: () => ({ etag: '"1"' }),
      }),
    };
    const bytes = new TextEncoder().encode('{"forwarded":true}');
    const forwarder = {
      forward: (received: RouteCall) => {
        ran.push(`forward ${received.route.method} ${received.route.path}`);
        return Promise.resolve({ forwarded: true });
      },
      forwardRaw: (received: RouteCall) => {
        ran.push(`forward bytes ${received.route.method} ${received.route.path}`);
        return Promise.resolve(bytes);
      },
    } as unknown as CommandForwarder;
    const headers: Record<string, string>[] = [];
    const reply = (): FastifyReply => {
      const set: Record<string, string> = {};
      headers.push(set);
      return { header: (key: string, value: string) => (set[key] = value) } as unknown as FastifyReply;
    };
    const moduleRef = { get: () => new EchoHandler() } as unknown as ModuleRef;
    const Controller = routeController('Test', routes) as Type<{ onModuleInit(): void }>;
    const controller = new Controller(forwarder, moduleRef);
    controller.onModuleInit();
    const serve = (name: keyof typeof routes) =>
      (Reflect.get(controller, name) as Method).call(controller, call(routes[name]), reply());

    expect(await serve('me')).toBe(bytes);
    expect(await serve('gone')).toBeUndefined();
    expect(await serve('echo')).toEqual({ handled: true });
    expect(await serve('tagged')).toEqual({ forwarded: true });
    expect(ran).toEqual([
      'forward bytes GET /v1/me',
      'forward bytes DELETE /v1/me',
      'handler /v1/echo',
      'forward GET /v1/tagged',
    ]);
    // Only the forwarded bytes need their media type said: Fastify would call them octet-stream.
    expect(headers).toEqual([{ 'content-type': 'application/json; charset=utf-8' }, {}, {}, {}]);
  });

  it('refuses a route named like a member of the controller', () => {
    const route = defineRoute({ method: 'GET', path: '/v1/me', command: meGet, auth: 'bearer', tag: 't' });
    expect(() => routeController('Bad', { onModuleInit: route })).toThrow(/onModuleInit/);
    expect(() => routeController('Bad', { constructor: route })).toThrow(/constructor/);
  });
});

describe('RoutingModule.forRoutes', () => {
  it('serves one controller per group and provides the handlers the routes name', () => {
    const module = RoutingModule.forRoutes(API_ROUTES, [PublicBaseUrl]);
    expect(module.controllers?.map((controller) => controller.name)).toEqual(
      Object.keys(API_ROUTES).map((group) => `${group}Controller`),
    );
    expect(module.providers).toEqual([FeedTokenRouteHandler, PublicBaseUrl]);
  });
});
