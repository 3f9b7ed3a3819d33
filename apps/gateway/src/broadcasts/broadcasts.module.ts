import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { BroadcastsController } from './broadcasts.controller';

/** A village's broadcasts and each member's broadcast read cursor: routes to messaging. */
@Module({ imports: [RoutingModule], controllers: [BroadcastsController] })
export class BroadcastsModule {}
