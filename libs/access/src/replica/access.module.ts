import { Module, type DynamicModule } from '@nestjs/common';
import {
  CONFIG,
  Database,
  LOGGER,
  Metrics,
  NATS,
  NatsClientProxy,
  type BaseConfig,
  type DatabaseConfig,
  type Logger,
  type NatsConnection,
} from '@vv/platform';
import { replicaBootstrapProvider, ReplicaBootstraps } from '../bootstrap/replica-bootstraps';
import { tombstonePurgeProvider } from '../maintenance/tombstone-purge';
import { Access } from './access';
import type { AccessOptions } from './access-options';
import { MEMBERSHIP_REPLICA_BOOTSTRAP, MembershipReplicaConsumer } from './membership-replica.consumer';
import { membershipSnapshotSource } from './membership-snapshot.source';
import { ReplicaRepository } from './replica.repository';

/**
 * Village access for a service: `imports: [AccessModule.forService({ service: 'calendar' })]`, then
 * inject `Access`. The service installs the replica's SQL in its schema by adding
 * `{ name: 'access', dir: ACCESS_SQL_DIR }` to `migrationSources`. Needs the platform's providers
 * (Database, NatsClientProxy, NATS, CONFIG, LOGGER, Metrics), which `createServiceApp` makes global.
 * Declares the replica's consumer (`<service>-membership-replica`, run by the platform's
 * EventConsumersExplorer) unless `consume` is false. Purges the replica's tombstones every TOMBSTONE_PURGE_INTERVAL_MS once past the stream's retention,
 * and exports ReplicaBootstraps for the service's own replicas of other services' events.
 */
@Module({})
export class AccessModule {
  static forService(options: AccessOptions): DynamicModule {
    const schema = options.schema ?? options.service;
    // Global: a service imports it once (in its app), its domain modules inject `Access`; one replica consumer per process.
    return {
      global: true,
      module: AccessModule,
      providers: [
        { provide: ReplicaRepository, useFactory: () => new ReplicaRepository(schema) },
        {
          provide: Access,
          inject: [Database, NatsClientProxy, ReplicaRepository, LOGGER, Metrics],
          useFactory: (
            db: Database,
            rpc: NatsClientProxy,
            repository: ReplicaRepository,
            logger: Logger,
            metrics: Metrics,
          ) => new Access({ db, rpc, repository, logger, metrics, options }),
        },
        {
          provide: ReplicaBootstraps,
          inject: [NATS, Database, NatsClientProxy, CONFIG, LOGGER, Metrics],
          useFactory: (
            nc: NatsConnection,
            db: Database,
            rpc: NatsClientProxy,
            config: BaseConfig & Partial<DatabaseConfig>,
            logger: Logger,
            metrics: Metrics,
          ) =>
            new ReplicaBootstraps({
              nc,
              db,
              rpc,
              prefix: config.SUBJECT_PREFIX,
              schema,
              logger,
              metrics,
              rebuild: config.REPLICA_REBUILD ?? [],
            }),
        },
        tombstonePurgeProvider([`${schema}.purge_replica_tombstones`]),
        // A process that only reads the replica (`consume: false`) declares no consumer.
        ...(options.consume === false
          ? []
          : [
              MembershipReplicaConsumer,
              replicaBootstrapProvider(MEMBERSHIP_REPLICA_BOOTSTRAP, membershipSnapshotSource, [
                ReplicaRepository,
              ]),
            ]),
      ],
      exports: [Access, ReplicaBootstraps],
    };
  }
}
