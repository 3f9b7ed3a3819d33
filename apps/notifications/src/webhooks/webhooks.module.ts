import { Module } from '@nestjs/common';
import { hostResolverProvider } from '../outbound/host-resolver.provider';
import { WebhookFanInConsumer } from './webhook-fan-in.consumer';
import { WebhookSender } from './webhook.sender';
import { WebhookTransport } from './webhook.transport';
import { WebhooksHandler } from './webhooks.handler';
import { WebhooksPolicy } from './webhooks.policy';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/**
 * Village webhooks: registration and the delivery log (handler, service, policy), the fan-in
 * consumers that queue deliveries, and the worker that signs and sends them. Village access comes
 * from the global AccessModule.
 */
@Module({
  controllers: [WebhooksHandler],
  providers: [
    hostResolverProvider,
    WebhooksRepository,
    WebhooksPolicy,
    WebhooksService,
    WebhookTransport,
    WebhookSender,
    WebhookFanInConsumer,
  ],
})
export class WebhooksModule {}
