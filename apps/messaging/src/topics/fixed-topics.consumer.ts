import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  appTopicsDocument,
  metadataGet,
  metadataUpdated,
  serviceEventWildcard,
  serviceStreamName,
  villageCreated,
  villageDeleted,
  type AppTopicsDocument,
  type EventEnvelope,
} from '@vv/contracts';
import {
  CONFIG,
  Database,
  ensureServiceStream,
  EventConsumer,
  LOGGER,
  Metrics,
  NATS,
  NatsClientProxy,
  ServiceError,
  type BaseConfig,
  type Logger,
  type NatsConnection,
  type SqlCaller,
} from '@vv/platform';
import { TopicsRepository } from './topics.repository';

/** The metadata document declaring the app's fixed topics. */
export const APP_TOPICS_DOCUMENT = { scope: 'app', key: 'topics' } as const;
/** Durable name of the consumer. */
export const FIXED_TOPICS_CONSUMER = 'messaging-fixed-topics';
/** Wait between reads of `app/topics` at start while identity does not answer. */
const READ_RETRY_MS = 5_000;

/**
 * The app's fixed topics (metadata `app/topics`) in every village: read from identity at start
 * (retried while identity does not answer), then kept from identity's stream by a durable consumer
 * `messaging-fixed-topics` (filter `<prefix>.evt.identity.>`): `metadata.updated` of `app/topics`
 * stores the document and ensures its topics in every known village, `village.created` gives the
 * new village the stored document's topics (none once it is known deleted: `village.deleted` is
 * applied to the membership replica here too, so the order of the two never matters); other events
 * are ignored. Creation is idempotent (one topic per village and key). A document that does not
 * validate is logged and ignored.
 */
@Injectable()
export class FixedTopicsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: EventConsumer;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CONFIG) private readonly config: BaseConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly db: Database,
    private readonly metrics: Metrics,
    private readonly rpc: NatsClientProxy,
    private readonly repository: TopicsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    const prefix = this.config.SUBJECT_PREFIX;
    await ensureServiceStream(this.nc, prefix, 'identity');
    const consumer = new EventConsumer({
      nc: this.nc,
      db: this.db,
      schema: 'messaging',
      service: 'messaging',
      prefix,
      name: FIXED_TOPICS_CONSUMER,
      stream: serviceStreamName(prefix, 'identity'),
      filterSubject: serviceEventWildcard(prefix, 'identity'),
      handler: (event, tx) => this.apply(event, tx),
      logger: this.logger,
      metrics: this.metrics,
    });
    await consumer.start();
    this.consumer = consumer;
    await this.readDocument();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
  }

  /** Applies one identity event in the consumer's transaction. */
  async apply(event: EventEnvelope, tx: SqlCaller): Promise<void> {
    if (event.type === `identity.${villageCreated.name}`) {
      const { villageId } = villageCreated.data.parse(event.data);
      await this.repository.createFixedTopics(tx, villageId);
      return;
    }
    if (event.type === `identity.${villageDeleted.name}`) {
      const { villageId } = villageDeleted.data.parse(event.data);
      await this.repository.villageDeleted(tx, {
        villageId,
        occurredAt: event.occurredAt,
        eventId: event.id,
      });
      return;
    }
    if (event.type !== `identity.${metadataUpdated.name}`) return;
    const data = metadataUpdated.data.parse(event.data);
    if (data.scope !== APP_TOPICS_DOCUMENT.scope || data.key !== APP_TOPICS_DOCUMENT.key) return;
    const topics = data.deleted ? {} : this.parse(data.value);
    if (topics) await this.repository.applyAppTopics(tx, topics, data.version, event.occurredAt);
  }

  /** Reads `app/topics` from identity and applies it; retried later when identity does not answer. */
  private async readDocument(): Promise<void> {
    if (this.stopped) return;
    try {
      const document = await this.rpc.call(metadataGet, APP_TOPICS_DOCUMENT);
      const topics = this.parse(document.value);
      if (topics) {
        await this.repository.transaction((tx) =>
          this.repository.applyAppTopics(tx, topics, document.version),
        );
      }
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'not_found') return;
      this.logger.warn({ err: error }, 'app/topics could not be read from identity; retrying');
      this.retry = setTimeout(() => void this.readDocument(), READ_RETRY_MS);
      this.retry.unref();
    }
  }

  private parse(value: unknown): AppTopicsDocument | undefined {
    const parsed = appTopicsDocument.safeParse(value);
    if (parsed.success) return parsed.data;
    this.logger.warn(
      { issues: parsed.error.issues },
      'app/topics is not a valid fixed-topics document; ignored',
    );
    return undefined;
  }
}
