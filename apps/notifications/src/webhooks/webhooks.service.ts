import { Inject, Injectable } from '@nestjs/common';
import type {
  ParsedRequestOf,
  ResponseOf,
  webhookCreate,
  webhookDeliveryList,
  webhookList,
  webhookRedeliver,
  webhookUpdate,
} from '@vv/contracts';
import {
  CONFIG,
  decodeCursor,
  LOGGER,
  pageOf,
  ServiceError,
  timeIdKey,
  type Actor,
  type Logger,
} from '@vv/platform';
import type { NotificationsConfig } from '../config';
import { toDelivery, toWebhook } from './webhook-rows';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSender } from './webhook.sender';
import { MAX_WEBHOOKS_PER_VILLAGE, WebhooksPolicy } from './webhooks.policy';
import { WebhooksRepository } from './webhooks.repository';

/** Only the host of a webhook URL is logged: paths and queries often carry tokens. */
const hostOf = (url: string): string => new URL(url).host;

/** A village's webhooks and their delivery logs, for its `webhooks.manage` holders. */
@Injectable()
export class WebhooksService {
  private readonly secrets: WebhookSecrets;

  constructor(
    private readonly repository: WebhooksRepository,
    private readonly policy: WebhooksPolicy,
    private readonly sender: WebhookSender,
    @Inject(CONFIG) config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.secrets = new WebhookSecrets(config.WEBHOOK_SECRET_KEY);
  }

  async create(
    actor: Actor,
    request: ParsedRequestOf<typeof webhookCreate>,
  ): Promise<ResponseOf<typeof webhookCreate>> {
    await this.policy.assertManage(actor, request.villageId);
    const { url } = await this.policy.assertAcceptable(request);
    const secret = request.secret ?? WebhookSecrets.generate();
    const row = await this.repository.create(
      {
        villageId: request.villageId,
        url: url ?? request.url,
        events: request.events,
        secret: this.secrets.seal(secret),
        createdBy: actor.userId,
        data: request.data,
      },
      MAX_WEBHOOKS_PER_VILLAGE,
    );
    this.logger.info(
      { webhookId: row.id, villageId: row.villageId, host: hostOf(row.url), events: row.events },
      'webhook registered',
    );
    return { ...toWebhook(row), secret };
  }

  async list(
    actor: Actor,
    request: ParsedRequestOf<typeof webhookList>,
  ): Promise<ResponseOf<typeof webhookList>> {
    await this.policy.assertManage(actor, request.villageId);
    const before = decodeCursor(request.cursor, timeIdKey);
    const rows = await this.repository.list(request.villageId, request.limit + 1, before);
    return pageOf(rows, request.limit, (row) => [row.sortKey, row.id], toWebhook);
  }

  async update(
    actor: Actor,
    request: ParsedRequestOf<typeof webhookUpdate>,
  ): Promise<ResponseOf<typeof webhookUpdate>> {
    await this.webhookOf(actor, request.villageId, request.webhookId);
    const { url } = await this.policy.assertAcceptable(request.patch);
    const row = await this.repository.update(request.villageId, request.webhookId, {
      ...request.patch,
      url,
    });
    this.logger.info(
      {
        webhookId: row.id,
        villageId: row.villageId,
        changed: Object.keys(request.patch),
        enabled: row.enabled,
      },
      'webhook changed',
    );
    return toWebhook(row);
  }

  async delete(actor: Actor, villageId: string, webhookId: string): Promise<void> {
    await this.policy.assertManage(actor, villageId);
    if (!(await this.repository.delete(villageId, webhookId))) {
      throw new ServiceError('not_found', 'No such webhook');
    }
    this.logger.info({ webhookId, villageId }, 'webhook deleted');
  }

  async deliveries(
    actor: Actor,
    request: ParsedRequestOf<typeof webhookDeliveryList>,
  ): Promise<ResponseOf<typeof webhookDeliveryList>> {
    await this.webhookOf(actor, request.villageId, request.webhookId);
    const before = decodeCursor(request.cursor, timeIdKey);
    const rows = await this.repository.listDeliveries(
      request.webhookId,
      request.status,
      request.limit + 1,
      before,
    );
    return pageOf(rows, request.limit, (row) => [row.sortKey, row.id], toDelivery);
  }

  async redeliver(
    actor: Actor,
    request: ParsedRequestOf<typeof webhookRedeliver>,
  ): Promise<ResponseOf<typeof webhookRedeliver>> {
    await this.webhookOf(actor, request.villageId, request.webhookId);
    const row = await this.repository.redeliver(request.webhookId, request.deliveryId);
    this.logger.info(
      { webhookId: request.webhookId, deliveryId: row.id, eventId: row.eventId },
      'webhook delivery queued again',
    );
    this.sender.wake();
    return toDelivery(row);
  }

  /** The webhook, once the caller may manage the village's webhooks; not_found when it is not the village's. */
  private async webhookOf(actor: Actor, villageId: string, webhookId: string): Promise<void> {
    await this.policy.assertManage(actor, villageId);
    if (!(await this.repository.get(villageId, webhookId))) {
      throw new ServiceError('not_found', 'No such webhook');
    }
  }
}
