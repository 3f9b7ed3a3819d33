import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  eventType,
  serviceStreamName,
  villageDeleted,
  webhookReceives,
  type EventEnvelope,
  type ServiceName,
} from '@vv/contracts';
import {
  CONFIG,
  Database,
  ensureServiceStream,
  EventConsumer,
  LOGGER,
  Metrics,
  NATS,
  type BaseConfig,
  type Logger,
  type NatsConnection,
  type SqlCaller,
} from '@vv/platform';
import { WebhookSender } from './webhook.sender';
import { WebhooksRepository } from './webhooks.repository';

/** The services whose village events webhooks receive, each through its own durable consumer. */
export const WEBHOOK_PRODUCERS: readonly ServiceName[] = [
  'identity',
  'messaging',
  'calendar',
  'files',
  'notifications',
];

/** The enabled webhooks of the villages a batch has met so far. */
type VillageWebhooks = Map<string, Array<{ id: string; events: string[] }>>;

export const webhookConsumerName = (producer: ServiceName): string => `notifications-webhooks-${producer}`;

/**
 * Fan-in: a durable consumer `notifications-webhooks-<producer>` on each producer's whole stream.
 * For an event of a village (envelope `villageId`), one delivery is queued per enabled webhook of
 * that village whose events match its type, in the transaction that records the event in the
 * inbox: an event is never lost (unacked until committed) nor queued twice (inbox, and a unique
 * (webhook, event) pair). Events without a village are for no webhook. identity.village.deleted
 * deletes the village's webhooks with their logs.
 */
@Injectable()
export class WebhookFanInConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumers: EventConsumer[] = [];

  constructor(
    private readonly repository: WebhooksRepository,
    private readonly sender: WebhookSender,
    private readonly db: Database,
    private readonly metrics: Metrics,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CONFIG) private readonly config: BaseConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.config.SUBJECT_PREFIX;
    for (const producer of WEBHOOK_PRODUCERS) {
      await ensureServiceStream(this.nc, prefix, producer);
      const consumer = new EventConsumer({
        nc: this.nc,
        db: this.db,
        schema: 'notifications',
        service: 'notifications',
        prefix,
        name: webhookConsumerName(producer),
        stream: serviceStreamName(prefix, producer),
        handler: (event, tx) => this.fanIn(event, tx),
        batchHandler: (events, tx) => this.fanInBatch(events, tx),
        logger: this.logger,
        metrics: this.metrics,
      });
      await consumer.start();
      this.consumers.push(consumer);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const consumers = this.consumers;
    this.consumers = [];
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  }

  /** A batch, event by event, reading each village's enabled webhooks once. */
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
    const queued = await this.repository.enqueue(tx, {
      webhookIds,
      eventId: event.id,
      eventType: event.type,
      // The envelope as published: the body every attempt of these deliveries sends.
      body: JSON.stringify(event),
    });
    // The rows commit with the inbox after this returns; the poll covers a wake that comes too early.
    if (queued > 0) setTimeout(() => this.sender.wake(), 20).unref();
  }
}
