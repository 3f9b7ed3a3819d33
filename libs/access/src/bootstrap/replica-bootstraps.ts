import { ReplicaBootstrap, type ReplicaBootstrapDeps } from './replica-bootstrap';
import type { ReplicaSource } from './replica-source';

/**
 * Makes the bootstraps of a service's own replicas (files' grants, notifications' attendance) with
 * the platform's services; provided by AccessModule (global), so a consumer host injects it and
 * wraps its consumer's start: `await bootstraps.create(source).around(() => startConsumer())`.
 */
export class ReplicaBootstraps {
  constructor(private readonly deps: ReplicaBootstrapDeps) {}

  create<Item>(source: ReplicaSource<Item>): ReplicaBootstrap<Item> {
    return new ReplicaBootstrap(this.deps, source);
  }
}
