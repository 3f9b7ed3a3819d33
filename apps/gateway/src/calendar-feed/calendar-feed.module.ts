import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { CalendarFeedController } from './calendar-feed.controller';
import { PublicBaseUrl } from './public-base-url';

/** A member's iCalendar feed of a village and its feed token: routes to calendar. */
@Module({ imports: [RoutingModule], controllers: [CalendarFeedController], providers: [PublicBaseUrl] })
export class CalendarFeedModule {}
