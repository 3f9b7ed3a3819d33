import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  eventCancel,
  eventCreate,
  eventGet,
  eventList,
  eventUpdate,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { EventListService } from './event-list.service';
import { EventsService } from './events.service';

/** NATS: a village's events. */
@Controller()
export class EventsHandler {
  constructor(
    private readonly events: EventsService,
    private readonly ranges: EventListService,
  ) {}

  @Command(eventList)
  async list(
    @Payload() request: ParsedRequestOf<typeof eventList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof eventList>> {
    return {
      items: await this.ranges.list(requireActor(context), request.villageId, request.from, request.to),
    };
  }

  @Command(eventGet)
  get(
    @Payload() request: ParsedRequestOf<typeof eventGet>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof eventGet>> {
    return this.events.get(requireActor(context), request.eventId);
  }

  @Command(eventCreate)
  create(
    @Payload() request: ParsedRequestOf<typeof eventCreate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof eventCreate>> {
    const { villageId, ...fields } = request;
    return this.events.create(requireActor(context), villageId, fields);
  }

  @Command(eventUpdate)
  update(
    @Payload() request: ParsedRequestOf<typeof eventUpdate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof eventUpdate>> {
    return this.events.update(requireActor(context), request.eventId, request.patch, request.occurrence);
  }

  @Command(eventCancel)
  async cancel(
    @Payload() request: ParsedRequestOf<typeof eventCancel>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof eventCancel>> {
    await this.events.cancel(requireActor(context), request.eventId);
    return {};
  }
}
