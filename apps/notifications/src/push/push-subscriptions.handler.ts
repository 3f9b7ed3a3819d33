import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  pushSubscriptionCreate,
  pushSubscriptionDelete,
  vapidKeyGet,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { PushSubscriptionsService } from './push-subscriptions.service';

/** NATS: the caller's push subscriptions, and the VAPID public key (no sign-in needed). */
@Controller()
export class PushSubscriptionsHandler {
  constructor(private readonly subscriptions: PushSubscriptionsService) {}

  @Command(pushSubscriptionCreate)
  create(
    @Payload() request: ParsedRequestOf<typeof pushSubscriptionCreate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof pushSubscriptionCreate>> {
    return this.subscriptions.create(requireActor(context), request);
  }

  @Command(pushSubscriptionDelete)
  async delete(
    @Payload() request: ParsedRequestOf<typeof pushSubscriptionDelete>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof pushSubscriptionDelete>> {
    await this.subscriptions.delete(requireActor(context), request.subscriptionId);
    return {};
  }

  @Command(vapidKeyGet)
  vapidKey(): ResponseOf<typeof vapidKeyGet> {
    return this.subscriptions.publicKey();
  }
}
