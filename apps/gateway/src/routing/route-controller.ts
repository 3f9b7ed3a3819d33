import { Controller, Inject, Res, type OnModuleInit, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { CommandForwarder } from './command-forwarder';
import { Call, type RouteCall, type RouteHandler } from './route-call';
import type { RouteDefinition } from './route-definition';
import { Route } from './route.decorator';

/** What Fastify sends with a JSON body it serialised itself. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Whether the route answers with the service's JSON as it is: nothing in the gateway reads the answer
 * (no handler, no headers or body derived from it), so it is neither parsed nor serialised again.
 */
const forwardsBytes = (route: RouteDefinition): boolean =>
  !route.handler && !route.responseHeaders && !route.responseBody;

/** The routes of one area of the API by name, e.g. `broadcastsRoutes`; the names become method names. */
export type RouteGroup = Readonly<Record<string, RouteDefinition>>;

/**
 * The controller of a route group, built from its declarations: one method per route, carrying the
 * decorators a hand-written method would (`@Route`, `@Call`, `@Res`), so Nest maps it and the global guard,
 * the exception filter and the route's interceptors apply as to any controller. A method forwards
 * its validated call — answering the service's JSON bytes when it only forwards — or hands it to the
 * route's `handler`; a 204 answers without a body.
 */
export function routeController(name: string, routes: RouteGroup): Type {
  @Controller()
  class RouteGroupController implements OnModuleInit {
    readonly handlers = new Map<Type<RouteHandler>, RouteHandler>();

    constructor(
      @Inject(CommandForwarder) readonly commands: CommandForwarder,
      @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    ) {}

    /** Resolved once: a handler missing from the module fails the start, not a request. */
    onModuleInit(): void {
      for (const { handler } of Object.values(routes)) {
        if (handler) this.handlers.set(handler, this.moduleRef.get(handler));
      }
    }
  }
  const prototype = RouteGroupController.prototype as unknown as Record<string, unknown>;
  for (const [method, route] of Object.entries(routes)) {
    if (method in prototype) throw new Error(`${name}: a route may not be named ${method}`);
    const { handler } = route;
    const bytes = forwardsBytes(route);
    const serve = {
      async [method](this: RouteGroupController, call: RouteCall, reply: FastifyReply): Promise<unknown> {
        if (bytes) {
          const body = await this.commands.forwardRaw(call);
          if (route.status === 204) return undefined;
          reply.header('content-type', JSON_CONTENT_TYPE);
          return body;
        }
        const response = handler
          ? await this.handlers.get(handler)!.handle(call)
          : await this.commands.forward(call);
        return route.status === 204 ? undefined : response;
      },
    }[method];
    Object.defineProperty(prototype, method, { value: serve, writable: true, configurable: true });
    Call()(prototype, method, 0);
    Res({ passthrough: true })(prototype, method, 1);
    Route(route)(prototype, method, Object.getOwnPropertyDescriptor(prototype, method)!);
  }
  Object.defineProperty(RouteGroupController, 'name', { value: `${name}Controller` });
  return RouteGroupController;
}
