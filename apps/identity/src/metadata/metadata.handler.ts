import { Injectable } from '@nestjs/common';
import {
  metadataDelete,
  metadataGet,
  metadataPut,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { MetadataService } from './metadata.service';

/** NATS: read, write and delete metadata documents. */
@Injectable()
export class MetadataHandler {
  constructor(private readonly metadata: MetadataService) {}

  @CommandHandler(metadataGet)
  get(
    request: ParsedRequestOf<typeof metadataGet>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof metadataGet>> {
    // App documents are readable by everyone signed in; over NATS without an actor they are the
    // read of another service (libs/access reads app/roles this way). The gateway always sends one.
    if (context.actor === null && request.scope === 'app') return this.metadata.getApp(request.key);
    return this.metadata.get(requireActor(context), request);
  }

  @CommandHandler(metadataPut)
  put(
    request: ParsedRequestOf<typeof metadataPut>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof metadataPut>> {
    const { value, ...address } = request;
    return this.metadata.put(requireActor(context), address, value);
  }

  @CommandHandler(metadataDelete)
  async delete(
    request: ParsedRequestOf<typeof metadataDelete>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof metadataDelete>> {
    await this.metadata.delete(requireActor(context), request);
    return {};
  }
}
