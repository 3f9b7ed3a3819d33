import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { CommandForwarder } from './command-forwarder';
import type { RouteHandler } from './route-call';
import { routeController, type RouteGroup } from './route-controller';

@Module({ providers: [CommandForwarder], exports: [CommandForwarder] })
export class RoutingModule {
  /**
   * Serves the declared routes: one generated controller per group (the key names it), with the
   * handlers the routes name and the `providers` those handlers need.
   */
  static forRoutes(groups: Readonly<Record<string, RouteGroup>>, providers: Provider[] = []): DynamicModule {
    const handlers = new Set<Type<RouteHandler>>();
    for (const routes of Object.values(groups)) {
      for (const { handler } of Object.values(routes)) if (handler) handlers.add(handler);
    }
    return {
      module: RoutingModule,
      controllers: Object.entries(groups).map(([name, routes]) => routeController(name, routes)),
      providers: [...handlers, ...providers],
    };
  }
}
