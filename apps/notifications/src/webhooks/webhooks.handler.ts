import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  webhookCreate,
  webhookDelete,
  webhookDeliveryList,
  webhookList,
  webhookRedeliver,
  webhookUpdate,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { WebhooksService } from './webhooks.service';

/** NATS: a village's webhooks and their delivery logs. */
@Controller()
export class WebhooksHandler {
  constructor(private readonly webhooks: WebhooksService) {}

  @Command(webhookCreate)
  create(
    @Payload() request: ParsedRequestOf<typeof webhookCreate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof webhookCreate>> {
    return this.webhooks.create(requireActor(context), request);
  }

  @Command(webhookList)
  list(
    @Payload() request: ParsedRequestOf<typeof webhookList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof webhookList>> {
    return this.webhooks.list(requireActor(context), request);
  }

  @Command(webhookUpdate)
  update(
    @Payload() request: ParsedRequestOf<typeof webhookUpdate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof webhookUpdate>> {
    return this.webhooks.update(requireActor(context), request);
  }

  @Command(webhookDelete)
  async delete(
    @Payload() request: ParsedRequestOf<typeof webhookDelete>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof webhookDelete>> {
    await this.webhooks.delete(requireActor(context), request.villageId, request.webhookId);
    return {};
  }

  @Command(webhookDeliveryList)
  deliveries(
    @Payload() request: ParsedRequestOf<typeof webhookDeliveryList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof webhookDeliveryList>> {
    return this.webhooks.deliveries(requireActor(context), request);
  }

  @Command(webhookRedeliver)
  redeliver(
    @Payload() request: ParsedRequestOf<typeof webhookRedeliver>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof webhookRedeliver>> {
    return this.webhooks.redeliver(requireActor(context), request);
  }
}
