import { Controller } from '@nestjs/common';
import type { metadataDelete, metadataGet, metadataPut, ResponseOf } from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { metadataRoutes } from './metadata.routes';

@Controller()
export class MetadataController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(metadataRoutes.get)
  get(@Call() call: RouteCall<typeof metadataGet>): Promise<ResponseOf<typeof metadataGet>> {
    return this.commands.forward(call);
  }

  @Route(metadataRoutes.put)
  put(@Call() call: RouteCall<typeof metadataPut>): Promise<ResponseOf<typeof metadataPut>> {
    return this.commands.forward(call);
  }

  @Route(metadataRoutes.delete)
  async delete(@Call() call: RouteCall<typeof metadataDelete>): Promise<void> {
    await this.commands.forward(call);
  }
}
