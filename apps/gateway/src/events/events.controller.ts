import { Controller } from '@nestjs/common';
import type {
  attendanceSet,
  eventCancel,
  eventCreate,
  eventGet,
  eventList,
  eventUpdate,
  ResponseOf,
} from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { eventsRoutes } from './events.routes';

@Controller()
export class EventsController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(eventsRoutes.list)
  list(@Call() call: RouteCall<typeof eventList>): Promise<ResponseOf<typeof eventList>> {
    return this.commands.forward(call);
  }

  @Route(eventsRoutes.create)
  create(@Call() call: RouteCall<typeof eventCreate>): Promise<ResponseOf<typeof eventCreate>> {
    return this.commands.forward(call);
  }

  @Route(eventsRoutes.get)
  get(@Call() call: RouteCall<typeof eventGet>): Promise<ResponseOf<typeof eventGet>> {
    return this.commands.forward(call);
  }

  @Route(eventsRoutes.update)
  update(@Call() call: RouteCall<typeof eventUpdate>): Promise<ResponseOf<typeof eventUpdate>> {
    return this.commands.forward(call);
  }

  @Route(eventsRoutes.cancel)
  async cancel(@Call() call: RouteCall<typeof eventCancel>): Promise<void> {
    await this.commands.forward(call);
  }

  @Route(eventsRoutes.attendance)
  attendance(@Call() call: RouteCall<typeof attendanceSet>): Promise<ResponseOf<typeof attendanceSet>> {
    return this.commands.forward(call);
  }
}
