import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { searchQuery, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { SearchService } from './search.service';

/** NATS: full-text search of a village. */
@Controller()
export class SearchHandler {
  constructor(private readonly searches: SearchService) {}

  @Command(searchQuery)
  search(
    @Payload() request: ParsedRequestOf<typeof searchQuery>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof searchQuery>> {
    return this.searches.search(requireActor(context), request);
  }
}
