import { Injectable } from '@nestjs/common';
import {
  eventCancel,
  eventCreate,
  eventGet,
  eventList,
  eventUpdate,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { EventListService } from './event-list.service';
import { EventsService } from './events.service';

/** NATS: a village's events. */
@Injectable()
export class EventsHandler {
  constructor(
    private readonly events: EventsService,
    private readonly ranges: EventListService,
  ) {}

  @CommandHandler(eventList)
  async list(
    request: ParsedRequestOf<typeof eventList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof eventList>> {
    return {
      items: await this.ranges.list(requireActor(context), request.villageId, request.from, request.to),
    };
  }

  @CommandHandler(eventGet)
  get(
    request: ParsedRequestOf<typeof eventGet>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof eventGet>> {
    return this.events.get(requireActor(context), request.eventId);
  }

  @CommandHandler(eventCreate)
  create(
    request: ParsedRequestOf<typeof eventCreate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof eventCreate>> {
    const { villageId, ...fields } = request;
    return this.events.create(requireActor(context), villageId, fields);
  }

  @CommandHandler(eventUpdate)
  update(
    request: ParsedRequestOf<typeof eventUpdate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof eventUpdate>> {
    return this.events.update(requireActor(context), request.eventId, request.patch, request.occurrence);
  }

  @CommandHandler(eventCancel)
  async cancel(
    request: ParsedRequestOf<typeof eventCancel>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof eventCancel>> {
    await this.events.cancel(requireActor(context), request.eventId);
    return {};
  }
}
