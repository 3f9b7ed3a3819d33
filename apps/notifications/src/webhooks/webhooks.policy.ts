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
import { HOST_RESOLVER } from '../outbound/host-resolver.provider';
import { OutboundUrlError, resolveOutboundUrl, type HostResolver } from '../outbound/url-guard';

/** Who manages a village's webhooks: admins and owners by default (or an app role granting it). */
export const WEBHOOKS_PERMISSION: Permission = 'webhooks.manage';
/** Webhooks a village may have. */
export const MAX_WEBHOOKS_PER_VILLAGE = 20;

/** Event types a webhook may subscribe to: the catalogue's, minus direct-conversation events. */
const RECEIVABLE_TYPES = webhookEventTypes(EVENTS);

/**
 * Who may manage webhooks (`webhooks.manage` in the village: a private village's outsiders are
 * told it does not exist, members without the permission are refused), and what a webhook may
 * be: events of the catalogue, a URL that every parser reads alike and whose host resolves to
 * public addresses only (unless WEBHOOK_ALLOW_PRIVATE).
 */
@Injectable()
export class WebhooksPolicy {
  constructor(
    private readonly access: Access,
    @Inject(CONFIG) private readonly config: NotificationsConfig,
    @Inject(HOST_RESOLVER) private readonly resolve: HostResolver,
  ) {}

  async assertManage(actor: Actor, villageId: string): Promise<void> {
    await this.access.assert(actor, WEBHOOKS_PERMISSION, villageId);
  }

  /**
   * `invalid`, one error per bad field, unless the URL and events given are acceptable; the URL
   * as parsed (WHATWG `href`), the one form stored and called.
   */
  async assertAcceptable(fields: { url?: string; events?: readonly string[] }): Promise<{ url?: string }> {
    let url: string | undefined;
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
        const target = await resolveOutboundUrl(fields.url, {
          allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE,
          resolve: this.resolve,
        });
        url = target.url.href;
      } catch (error) {
        if (!(error instanceof OutboundUrlError)) throw error;
        errors.push({ field: 'url', reason: error.message });
      }
    }
    if (errors.length > 0) throw ServiceError.invalid(errors);
    return { url };
  }
}
