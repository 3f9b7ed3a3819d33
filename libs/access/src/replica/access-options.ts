import type { ServiceName } from '@vv/contracts';

/** How a service uses libs/access; every field but `service` has a default. */
export interface AccessOptions {
  /** The service that checks access; names the consumer `<service>-membership-replica`. */
  service: ServiceName;
  /** The schema holding the replica (libs/access/sql installed by the service's migrations); default `service`. */
  schema?: string;
  /** Whether this process consumes identity's events into the replica; default true. */
  consume?: boolean;
  /** How long identity's "not a member" / "no such village" is trusted before asking again; default 2000 ms. */
  negativeCacheMs?: number;
  /** Most (village, user) pairs remembered by the negative cache; default 10 000. */
  negativeCacheMaxEntries?: number;
  /** Deadline of a read-through to identity; default 2000 ms. */
  readThroughTimeoutMs?: number;
  /** How long app roles are kept in memory before the replica is read again; default 1000 ms. */
  appRolesCacheMs?: number;
}

export const ACCESS_DEFAULTS = {
  negativeCacheMs: 2000,
  negativeCacheMaxEntries: 10_000,
  readThroughTimeoutMs: 2000,
  appRolesCacheMs: 1000,
} as const;

/** The consumer's durable name. */
export const replicaConsumerName = (service: ServiceName): string => `${service}-membership-replica`;
