import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  metadataDelete,
  metadataGet,
  metadataPut,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { MetadataService } from './metadata.service';

/** NATS: read, write and delete metadata documents. */
@Controller()
export class MetadataHandler {
  constructor(private readonly metadata: MetadataService) {}

  @Command(metadataGet)
  get(
    @Payload() request: ParsedRequestOf<typeof metadataGet>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof metadataGet>> {
    // App documents are readable by everyone signed in; over NATS without an actor they are the
    // read of another service (libs/access reads app/roles this way). The gateway always sends one.
    if (context.actor === null && request.scope === 'app') return this.metadata.getApp(request.key);
    return this.metadata.get(requireActor(context), request);
  }

  @Command(metadataPut)
  put(
    @Payload() request: ParsedRequestOf<typeof metadataPut>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof metadataPut>> {
    const { value, ...address } = request;
    return this.metadata.put(requireActor(context), address, value);
  }

  @Command(metadataDelete)
  async delete(
    @Payload() request: ParsedRequestOf<typeof metadataDelete>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof metadataDelete>> {
    await this.metadata.delete(requireActor(context), request);
    return {};
  }
}
