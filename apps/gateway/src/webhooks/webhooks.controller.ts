import { Controller } from '@nestjs/common';
import type {
  ResponseOf,
  webhookCreate,
  webhookDelete,
  webhookDeliveryList,
  webhookList,
  webhookRedeliver,
  webhookUpdate,
} from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { webhooksRoutes } from './webhooks.routes';

@Controller()
export class WebhooksController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(webhooksRoutes.list)
  list(@Call() call: RouteCall<typeof webhookList>): Promise<ResponseOf<typeof webhookList>> {
    return this.commands.forward(call);
  }

  @Route(webhooksRoutes.create)
  create(@Call() call: RouteCall<typeof webhookCreate>): Promise<ResponseOf<typeof webhookCreate>> {
    return this.commands.forward(call);
  }

  @Route(webhooksRoutes.update)
  update(@Call() call: RouteCall<typeof webhookUpdate>): Promise<ResponseOf<typeof webhookUpdate>> {
    return this.commands.forward(call);
  }

  @Route(webhooksRoutes.delete)
  async delete(@Call() call: RouteCall<typeof webhookDelete>): Promise<void> {
    await this.commands.forward(call);
  }

  @Route(webhooksRoutes.deliveries)
  deliveries(
    @Call() call: RouteCall<typeof webhookDeliveryList>,
  ): Promise<ResponseOf<typeof webhookDeliveryList>> {
    return this.commands.forward(call);
  }

  @Route(webhooksRoutes.redeliver)
  redeliver(@Call() call: RouteCall<typeof webhookRedeliver>): Promise<ResponseOf<typeof webhookRedeliver>> {
    return this.commands.forward(call);
  }
}
