import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { CalendarFeedController } from './calendar-feed.controller';

/** A member's iCalendar feed of a village and its feed token: routes to calendar. */
@Module({ imports: [RoutingModule], controllers: [CalendarFeedController] })
export class CalendarFeedModule {}
