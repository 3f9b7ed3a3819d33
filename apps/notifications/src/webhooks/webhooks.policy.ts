import { Inject, Injectable } from '@nestjs/common';
import { Access } from '@vv/access';
import {
  EVENTS,
  unknownWebhookPatterns,
  webhookEventTypes,
  type FieldError,
  type Permission,
} from '@vv/contracts';
import { CONFIG, ServiceError, type Actor } from '@vv/platform';
import type { NotificationsConfig } from '../config';
import { resolveWebhookUrl, WebhookAddressError } from '../outbound/url-guard';

/** Who manages a village's webhooks: admins and owners by default (or an app role granting it). */
export const WEBHOOKS_PERMISSION: Permission = 'webhooks.manage';
/** Webhooks a village may have. */
export const MAX_WEBHOOKS_PER_VILLAGE = 20;

/** Event types a webhook may subscribe to: the catalogue's, minus direct-conversation events. */
const RECEIVABLE_TYPES = webhookEventTypes(EVENTS);

/**
 * Who may manage webhooks (`webhooks.manage` in the village: a private village's outsiders are
 * told it does not exist, members without the permission are refused), and what a webhook may
 * be: events of the catalogue, a URL whose host resolves to public addresses only (unless
 * WEBHOOK_ALLOW_PRIVATE).
 */
@Injectable()
export class WebhooksPolicy {
  constructor(
    private readonly access: Access,
    @Inject(CONFIG) private readonly config: NotificationsConfig,
  ) {}

  async assertManage(actor: Actor, villageId: string): Promise<void> {
    await this.access.assert(actor, WEBHOOKS_PERMISSION, villageId);
  }

  /** `invalid`, one error per bad field, unless the URL and events given are acceptable. */
  async assertAcceptable(fields: { url?: string; events?: readonly string[] }): Promise<void> {
    const errors: FieldError[] = [];
    if (fields.events) {
      for (const pattern of unknownWebhookPatterns(fields.events, RECEIVABLE_TYPES)) {
        errors.push({
          field: `events.${fields.events.indexOf(pattern)}`,
          reason: 'matches no event type a webhook can receive',
        });
      }
    }
    if (fields.url !== undefined) {
      try {
        await resolveWebhookUrl(fields.url, this.config.WEBHOOK_ALLOW_PRIVATE);
      } catch (error) {
        if (!(error instanceof WebhookAddressError)) throw error;
        errors.push({ field: 'url', reason: error.message });
      }
    }
    if (errors.length > 0) throw ServiceError.invalid(errors);
  }
}
