import { Module } from '@nestjs/common';
import { CONFIG, LOGGER, type Logger } from '@vv/platform';
import type { NotificationsConfig } from '../config';
import { PUSH_PROVIDER } from './push-provider';
import { PushSubscriptionsHandler } from './push-subscriptions.handler';
import { PushSubscriptionsService } from './push-subscriptions.service';
import { PushRepository } from './push.repository';
import { PushSender } from './push.sender';
import { resolveVapidKeys, VAPID_KEYS, type VapidKeys } from './vapid-keys';
import { WebPushProvider } from './web-push.provider';

/**
 * Push: browsers' subscriptions, the VAPID keys, the PushProvider (Web Push) and the sender that
 * works off the push deliveries the inbox queues. Exports the sender, which the inbox wakes.
 */
@Module({
  controllers: [PushSubscriptionsHandler],
  providers: [
    {
      provide: VAPID_KEYS,
      inject: [CONFIG, LOGGER],
      useFactory: (config: NotificationsConfig, logger: Logger): VapidKeys =>
        resolveVapidKeys(config, logger),
    },
    {
      provide: PUSH_PROVIDER,
      inject: [VAPID_KEYS, CONFIG],
      useFactory: (vapid: VapidKeys, config: NotificationsConfig) =>
        new WebPushProvider({
          vapid,
          ttlSeconds: config.PUSH_TTL_SECONDS,
          timeoutMs: config.PUSH_TIMEOUT_MS,
          allowPrivate: config.PUSH_ALLOW_PRIVATE,
        }),
    },
    PushRepository,
    PushSender,
    PushSubscriptionsService,
  ],
  exports: [PushSender],
})
export class PushModule {}
