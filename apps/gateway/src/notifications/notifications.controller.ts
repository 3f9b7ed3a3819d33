import { Controller } from '@nestjs/common';
import type {
  notificationList,
  notificationMarkRead,
  preferencesGet,
  preferencesPut,
  pushSubscriptionCreate,
  pushSubscriptionDelete,
  ResponseOf,
  vapidKeyGet,
} from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { notificationsRoutes } from './notifications.routes';

@Controller()
export class NotificationsController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(notificationsRoutes.list)
  list(@Call() call: RouteCall<typeof notificationList>): Promise<ResponseOf<typeof notificationList>> {
    return this.commands.forward(call);
  }

  @Route(notificationsRoutes.markRead)
  markRead(
    @Call() call: RouteCall<typeof notificationMarkRead>,
  ): Promise<ResponseOf<typeof notificationMarkRead>> {
    return this.commands.forward(call);
  }

  @Route(notificationsRoutes.getPreferences)
  getPreferences(@Call() call: RouteCall<typeof preferencesGet>): Promise<ResponseOf<typeof preferencesGet>> {
    return this.commands.forward(call);
  }

  @Route(notificationsRoutes.putPreferences)
  putPreferences(@Call() call: RouteCall<typeof preferencesPut>): Promise<ResponseOf<typeof preferencesPut>> {
    return this.commands.forward(call);
  }

  @Route(notificationsRoutes.subscribePush)
  subscribePush(
    @Call() call: RouteCall<typeof pushSubscriptionCreate>,
  ): Promise<ResponseOf<typeof pushSubscriptionCreate>> {
    return this.commands.forward(call);
  }

  @Route(notificationsRoutes.unsubscribePush)
  async unsubscribePush(@Call() call: RouteCall<typeof pushSubscriptionDelete>): Promise<void> {
    await this.commands.forward(call);
  }

  @Route(notificationsRoutes.vapidPublicKey)
  vapidPublicKey(@Call() call: RouteCall<typeof vapidKeyGet>): Promise<ResponseOf<typeof vapidKeyGet>> {
    return this.commands.forward(call);
  }
}
