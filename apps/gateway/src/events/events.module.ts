import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { EventsController } from './events.controller';

/** A village's events and RSVPs: routes to calendar. */
@Module({ imports: [RoutingModule], controllers: [EventsController] })
export class EventsModule {}
