import { Inject, Injectable } from '@nestjs/common';
import {
  eventType,
  EVENTS,
  villageDeleted,
  webhookReceives,
  type EventDefinition,
  type EventEnvelope,
  type ServiceName,
} from '@vv/contracts';
import { LOGGER, OnEvents, type Logger, type SqlCaller } from '@vv/platform';
import { WebhooksRepository } from './webhooks.repository';

/** The enabled webhooks of the villages a batch has met so far. */
type VillageWebhooks = Map<string, Array<{ id: string; events: string[] }>>;

/** Every event a producer publishes (the catalogue's): a webhook may ask for any of them. */
const eventsOf = (producer: ServiceName): EventDefinition[] =>
  Object.values(EVENTS).filter((def: EventDefinition) => def.service === producer);

export const webhookConsumerName = (producer: ServiceName): string => `notifications-webhooks-${producer}`;

/**
 * Fan-in: a durable consumer `notifications-webhooks-<producer>` on each producer's stream (identity,
 * messaging, calendar, files, notifications), taking every event of the catalogue.
 * For an event of a village (envelope `villageId`), one delivery is queued per enabled webhook of
 * that village whose events match its type, in the transaction that records the event in the
 * inbox: an event is never lost (unacked until committed) nor queued twice (inbox, and a unique
 * (webhook, event) pair). Events without a village are for no webhook. identity.village.deleted
 * deletes the village's webhooks with their logs.
 */
@Injectable()
export class WebhookFanInConsumer {
  constructor(
    private readonly repository: WebhooksRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A batch, event by event, reading each village's enabled webhooks once. */
  @OnEvents(eventsOf('identity'), { durable: 'webhooks-identity', batch: true })
  @OnEvents(eventsOf('messaging'), { durable: 'webhooks-messaging', batch: true })
  @OnEvents(eventsOf('calendar'), { durable: 'webhooks-calendar', batch: true })
  @OnEvents(eventsOf('files'), { durable: 'webhooks-files', batch: true })
  @OnEvents(eventsOf('notifications'), { durable: 'webhooks-notifications', batch: true })
  async fanInBatch(events: readonly EventEnvelope[], tx: SqlCaller): Promise<void> {
    const webhooksOf: VillageWebhooks = new Map();
    for (const event of events) await this.fanIn(event, tx, webhooksOf);
  }

  async fanIn(event: EventEnvelope, tx: SqlCaller, webhooksOf: VillageWebhooks = new Map()): Promise<void> {
    if (event.type === eventType(villageDeleted) && event.version === villageDeleted.version) {
      const { villageId } = villageDeleted.data.parse(event.data);
      webhooksOf.delete(villageId);
      const deleted = await this.repository.deleteVillageWebhooks(tx, villageId);
      if (deleted > 0)
        this.logger.info({ villageId, webhooks: deleted }, "deleted village's webhooks deleted");
      return;
    }
    if (!event.villageId) return;
    const webhooks =
      webhooksOf.get(event.villageId) ?? (await this.repository.enabledWebhooks(tx, event.villageId));
    webhooksOf.set(event.villageId, webhooks);
    const webhookIds = webhooks
      .filter((webhook) => webhookReceives(webhook.events, event.type))
      .map((w) => w.id);
    if (webhookIds.length === 0) return;
    // The sender is woken by the queue's NOTIFY when the rows commit with the inbox (db/notifications/0012).
    await this.repository.enqueue(tx, {
      webhookIds,
      eventId: event.id,
      eventType: event.type,
      // The envelope as published: the body every attempt of these deliveries sends.
      body: JSON.stringify(event),
    });
  }
}
