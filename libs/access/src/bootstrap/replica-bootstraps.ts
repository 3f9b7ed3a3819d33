import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import { ReplicaBootstrap, type ReplicaBootstrapDeps } from './replica-bootstrap';
import type { ReplicaSource } from './replica-source';

/**
 * Makes the bootstraps of a service's own replicas (files' grants, notifications' attendance) with
 * the platform's services; provided by AccessModule (global).
 */
export class ReplicaBootstraps {
  constructor(private readonly deps: ReplicaBootstrapDeps) {}

  create<Item>(source: ReplicaSource<Item>): ReplicaBootstrap<Item> {
    return new ReplicaBootstrap(this.deps, source);
  }
}

/**
 * A replica's bootstrap as a provider under `token`, for the consumer that keeps the replica to
 * name as its hook: `@OnEvent(contract, { durable, hook: token })`. `source` gets the `inject`ed providers.
 */
export function replicaBootstrapProvider<Item, Deps extends unknown[]>(
  token: InjectionToken,
  source: (...deps: Deps) => ReplicaSource<Item>,
  inject: InjectionToken[] = [],
): FactoryProvider<ReplicaBootstrap<Item>> {
  return {
    provide: token,
    inject: [ReplicaBootstraps, ...inject],
    useFactory: (bootstraps: ReplicaBootstraps, ...deps: Deps) => bootstraps.create(source(...deps)),
  };
}
