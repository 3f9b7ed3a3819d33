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
  villageCreated,
  villageDeleted,
  type AppTopicsDocument,
} from '@vv/contracts';
import {
  LOGGER,
  OnEvent,
  NatsClientProxy,
  ServiceError,
  type EventOf,
  type Logger,
  type SqlCaller,
} from '@vv/platform';
import { TopicsRepository } from './topics.repository';

/** The metadata document declaring the app's fixed topics. */
export const APP_TOPICS_DOCUMENT = { scope: 'app', key: 'topics' } as const;
/** The durable, `messaging-fixed-topics`. */
const FIXED_TOPICS = { durable: 'fixed-topics' };
/** Wait between reads of `app/topics` at start while identity does not answer. */
const READ_RETRY_MS = 5_000;

/**
 * The app's fixed topics (metadata `app/topics`) in every village: read from identity at start
 * (retried while identity does not answer), then kept from identity's stream by the durable
 * `messaging-fixed-topics` (filter `<prefix>.evt.identity.>`): `metadata.updated` of `app/topics`
 * stores the document and ensures its topics in every known village, `village.created` gives the
 * new village the stored document's topics (none once it is known deleted: `village.deleted` is
 * applied to the membership replica here too, so the order of the two never matters). Creation is idempotent (one topic per village and key). A document that does not
 * validate is logged and ignored.
 */
@Injectable()
export class FixedTopicsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly rpc: NatsClientProxy,
    private readonly repository: TopicsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    await this.readDocument();
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
  }

  @OnEvent(villageCreated, FIXED_TOPICS)
  async onVillageCreated({ data }: EventOf<typeof villageCreated>, tx: SqlCaller): Promise<void> {
    await this.repository.createFixedTopics(tx, data.villageId);
  }

  @OnEvent(villageDeleted, FIXED_TOPICS)
  async onVillageDeleted(event: EventOf<typeof villageDeleted>, tx: SqlCaller): Promise<void> {
    await this.repository.villageDeleted(tx, {
      villageId: event.data.villageId,
      occurredAt: event.occurredAt,
      eventId: event.id,
    });
  }

  @OnEvent(metadataUpdated, FIXED_TOPICS)
  async onMetadataUpdated(event: EventOf<typeof metadataUpdated>, tx: SqlCaller): Promise<void> {
    const { data } = event;
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
