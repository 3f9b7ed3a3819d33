import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventConsumersExplorer } from './event-consumers.explorer';

/**
 * The app's declared event consumers (`@OnEvent`). Needs the platform's providers (SERVICE, CONFIG,
 * NATS, LOGGER, Metrics, Database), which createServiceApp makes global.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [EventConsumersExplorer],
  exports: [EventConsumersExplorer],
})
export class EventConsumersModule {}
