import { Controller } from '@nestjs/common';
import type { ResponseOf, searchQuery } from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { searchRoutes } from './search.routes';

@Controller()
export class SearchController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(searchRoutes.search)
  search(@Call() call: RouteCall<typeof searchQuery>): Promise<ResponseOf<typeof searchQuery>> {
    return this.commands.forward(call);
  }
}
