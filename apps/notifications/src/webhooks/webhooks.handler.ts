import { Injectable } from '@nestjs/common';
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
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { WebhooksService } from './webhooks.service';

/** NATS: a village's webhooks and their delivery logs. */
@Injectable()
export class WebhooksHandler {
  constructor(private readonly webhooks: WebhooksService) {}

  @CommandHandler(webhookCreate)
  create(
    request: ParsedRequestOf<typeof webhookCreate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof webhookCreate>> {
    return this.webhooks.create(requireActor(context), request);
  }

  @CommandHandler(webhookList)
  list(
    request: ParsedRequestOf<typeof webhookList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof webhookList>> {
    return this.webhooks.list(requireActor(context), request);
  }

  @CommandHandler(webhookUpdate)
  update(
    request: ParsedRequestOf<typeof webhookUpdate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof webhookUpdate>> {
    return this.webhooks.update(requireActor(context), request);
  }

  @CommandHandler(webhookDelete)
  async delete(
    request: ParsedRequestOf<typeof webhookDelete>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof webhookDelete>> {
    await this.webhooks.delete(requireActor(context), request.villageId, request.webhookId);
    return {};
  }

  @CommandHandler(webhookDeliveryList)
  deliveries(
    request: ParsedRequestOf<typeof webhookDeliveryList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof webhookDeliveryList>> {
    return this.webhooks.deliveries(requireActor(context), request);
  }

  @CommandHandler(webhookRedeliver)
  redeliver(
    request: ParsedRequestOf<typeof webhookRedeliver>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof webhookRedeliver>> {
    return this.webhooks.redeliver(requireActor(context), request);
  }
}
