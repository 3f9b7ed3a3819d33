import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { RouteDefinition } from '../routing/route-definition';
import { routeOf } from '../routing/route.decorator';

/** Every declared route the app serves, found on its controllers: what is served is what is documented. */
@Injectable()
export class RouteCatalogue {
  constructor(private readonly discovery: DiscoveryService) {}

  routes(): RouteDefinition[] {
    const routes: RouteDefinition[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const prototype = (wrapper.metatype as { prototype?: object } | null)?.prototype;
      if (!prototype) continue;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const method: unknown = Reflect.get(prototype, name);
        if (name === 'constructor' || typeof method !== 'function') continue;
        const route = routeOf(method);
        if (route) routes.push(route);
      }
    }
    return routes;
  }
}
