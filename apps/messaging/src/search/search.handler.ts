import { Injectable } from '@nestjs/common';
import { searchQuery, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { SearchService } from './search.service';

/** NATS: full-text search of a village. */
@Injectable()
export class SearchHandler {
  constructor(private readonly searches: SearchService) {}

  @CommandHandler(searchQuery)
  search(
    request: ParsedRequestOf<typeof searchQuery>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof searchQuery>> {
    return this.searches.search(requireActor(context), request);
  }
}
