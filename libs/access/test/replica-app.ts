import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CONFIG,
  Database,
  EventConsumersModule,
  LOGGER,
  Metrics,
  NATS,
  NatsClientProxy,
  SERVICE,
  type Logger,
  type NatsConnection,
} from '@vv/platform';
import { AccessModule } from '../src/replica/access.module';

export interface ReplicaAppDeps {
  nc: NatsConnection;
  db: Database;
  rpc: NatsClientProxy;
  prefix: string;
  logger: Logger;
  metrics: Metrics;
  /** REPLICA_REBUILD at this start. */
  rebuild?: string[];
}

/**
 * calendar's access as an app runs it: AccessModule on the platform's providers, its replica
 * consumer run by the platform's EventConsumersExplorer (started here, stopped by `close()`).
 */
export async function startReplicaApp(deps: ReplicaAppDeps): Promise<INestApplicationContext> {
  const config = {
    SUBJECT_PREFIX: deps.prefix,
    REPLICA_REBUILD: deps.rebuild ?? [],
    TOMBSTONE_PURGE_INTERVAL_MS: 0,
  };
  const platform = [
    { provide: SERVICE, useValue: 'calendar' },
    { provide: CONFIG, useValue: config },
    { provide: NATS, useValue: deps.nc },
    { provide: LOGGER, useValue: deps.logger },
    { provide: Metrics, useValue: deps.metrics },
    { provide: Database, useValue: deps.db },
    { provide: NatsClientProxy, useValue: deps.rpc },
  ];
  @Module({ providers: platform, exports: platform })
  class Platform {}
  @Module({
    imports: [
      { module: Platform, global: true },
      EventConsumersModule,
      AccessModule.forService({ service: 'calendar' }),
    ],
  })
  class ReplicaApp {}
  return NestFactory.createApplicationContext(ReplicaApp, { logger: false });
}
