import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { WebhooksController } from './webhooks.controller';

/** A village's webhooks and their delivery logs: routes to notifications. */
@Module({ imports: [RoutingModule], controllers: [WebhooksController] })
export class WebhooksModule {}
