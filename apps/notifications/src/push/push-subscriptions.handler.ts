import { Injectable } from '@nestjs/common';
import {
  pushSubscriptionCreate,
  pushSubscriptionDelete,
  vapidKeyGet,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { PushSubscriptionsService } from './push-subscriptions.service';

/** NATS: the caller's push subscriptions, and the VAPID public key (no sign-in needed). */
@Injectable()
export class PushSubscriptionsHandler {
  constructor(private readonly subscriptions: PushSubscriptionsService) {}

  @CommandHandler(pushSubscriptionCreate)
  create(
    request: ParsedRequestOf<typeof pushSubscriptionCreate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof pushSubscriptionCreate>> {
    return this.subscriptions.create(requireActor(context), request);
  }

  @CommandHandler(pushSubscriptionDelete)
  async delete(
    request: ParsedRequestOf<typeof pushSubscriptionDelete>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof pushSubscriptionDelete>> {
    await this.subscriptions.delete(requireActor(context), request.subscriptionId);
    return {};
  }

  @CommandHandler(vapidKeyGet)
  vapidKey(): ResponseOf<typeof vapidKeyGet> {
    return this.subscriptions.publicKey();
  }
}
