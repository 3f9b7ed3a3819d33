import { Module } from '@nestjs/common';
import { EventListService } from './event-list.service';
import { EventsHandler } from './events.handler';
import { EventsPolicy } from './events.policy';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/**
 * A village's events: single and recurring (RRULE + EXDATE + per-occurrence exceptions),
 * expanded per range in their time zone. Village access comes from the global AccessModule.
 * Exports the service so attendance reads events under the same rules.
 */
@Module({
  controllers: [EventsHandler],
  providers: [EventsRepository, EventsPolicy, EventsService, EventListService],
  exports: [EventsService],
})
export class EventsModule {}
