import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ReplicaBootstraps, type ReplicaBootstrap } from '@vv/access';
import {
  eventType,
  FILES_SETTINGS_KEY,
  messageDeleted,
  messageSent,
  metadataUpdated,
  userDeleted,
  userProfileUpdated,
  villageDeleted,
  type EventEnvelope,
} from '@vv/contracts';
import {
  CONFIG,
  Database,
  LOGGER,
  Metrics,
  NATS,
  type BaseConfig,
  type EventConsumer,
  type Logger,
  type NatsConnection,
  type SqlCaller,
} from '@vv/platform';
import { FilesSettings } from '../settings/files-settings';
import { startFilesConsumer } from './event-consumer-host';
import {
  avatarsSource,
  FILES_IDENTITY_CONSUMER,
  FILES_MESSAGING_CONSUMER,
  messageGrantsSource,
} from './reference-sources';
import { ReferencesRepository } from './references.repository';

export { FILES_IDENTITY_CONSUMER, FILES_MESSAGING_CONSUMER } from './reference-sources';

/**
 * What other services' events mean for files, each applied once (inbox) and in any order (a late,
 * older event changes nothing: tombstones and versions, see ReferencesRepository):
 * - identity (`files-identity`): metadata.updated of a `files` document (limits, default
 *   permissions); user.profile_updated (the user's avatar, readable by whoever reads the
 *   profile); user.deleted (no avatar any more); village.deleted (its files are deleted, objects
 *   after them through file.deleted).
 * - messaging (`files-messaging`): message.sent grants its attachments to its author and
 *   recipients; message.deleted takes that back.
 * Avatars and grants never depend on the streams' retention: when files never bootstrapped them,
 * is told to rebuild them (REPLICA_REBUILD=avatars,message-grants) or its consumer fell behind the
 * stream, they are loaded from identity's `avatar.snapshot` / messaging's `attachment.snapshot`
 * while the consumer carries on from the snapshot's position (ReplicaBootstrap, libs/access).
 */
@Injectable()
export class FileReferencesConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumers: EventConsumer[] = [];
  private bootstraps: ReplicaBootstrap[] = [];

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CONFIG) private readonly config: BaseConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly db: Database,
    private readonly metrics: Metrics,
    private readonly references: ReferencesRepository,
    private readonly settings: FilesSettings,
    private readonly replicaBootstraps: ReplicaBootstraps,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const deps = {
      nc: this.nc,
      db: this.db,
      prefix: this.config.SUBJECT_PREFIX,
      logger: this.logger,
      metrics: this.metrics,
    };
    const avatars = this.replicaBootstraps.create(avatarsSource(this.references));
    const grants = this.replicaBootstraps.create(messageGrantsSource(this.references));
    this.bootstraps.push(avatars, grants);
    this.consumers.push(
      await avatars.around(() =>
        startFilesConsumer(deps, {
          name: FILES_IDENTITY_CONSUMER,
          producer: 'identity',
          handler: (event, tx) => this.applyIdentity(event, tx),
        }),
      ),
    );
    this.consumers.push(
      await grants.around(() =>
        startFilesConsumer(deps, {
          name: FILES_MESSAGING_CONSUMER,
          producer: 'messaging',
          handler: (event, tx) => this.applyMessaging(event, tx),
        }),
      ),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    const { consumers, bootstraps } = this;
    this.consumers = [];
    this.bootstraps = [];
    await Promise.all(bootstraps.map((bootstrap) => bootstrap.stop()));
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  }

  /** Resolves once the bootstraps begun at start are done (tests). */
  async bootstrapped(): Promise<void> {
    await Promise.all(this.bootstraps.map((bootstrap) => bootstrap.settled()));
  }

  async applyIdentity(event: EventEnvelope, tx: SqlCaller): Promise<void> {
    switch (event.type) {
      case eventType(metadataUpdated): {
        const data = metadataUpdated.data.parse(event.data);
        if (data.key !== FILES_SETTINGS_KEY) return;
        const scope = data.scope === 'app' ? 'app' : data.villageId;
        if (scope === null || (data.scope !== 'app' && !data.scope.startsWith('village:'))) return;
        await this.settings.store(
          tx,
          scope,
          data.deleted ? null : data.value,
          data.version,
          event.occurredAt,
        );
        return;
      }
      case eventType(userProfileUpdated): {
        const data = userProfileUpdated.data.parse(event.data);
        if (!data.changed.includes('avatarFileId')) return;
        const { occurredAt } = event;
        await this.references.avatar(tx, {
          userId: data.userId,
          fileId: data.avatarFileId,
          userDeleted: false,
          occurredAt,
        });
        return;
      }
      case eventType(userDeleted): {
        const { userId } = userDeleted.data.parse(event.data);
        await this.references.avatar(tx, {
          userId,
          fileId: null,
          userDeleted: true,
          occurredAt: event.occurredAt,
        });
        return;
      }
      case eventType(villageDeleted): {
        const { villageId } = villageDeleted.data.parse(event.data);
        const count = await this.references.villageDeleted(tx, {
          villageId,
          occurredAt: event.occurredAt,
          eventId: event.id,
        });
        if (count > 0) this.logger.info({ villageId, files: count }, "deleted village's files deleted");
        return;
      }
      default:
        return;
    }
  }

  async applyMessaging(event: EventEnvelope, tx: SqlCaller): Promise<void> {
    if (event.type === eventType(messageSent)) {
      const data = messageSent.data.parse(event.data);
      if (data.attachments.length === 0) return;
      await this.references.messageSent(tx, {
        messageId: data.messageId,
        fileIds: data.attachments,
        userIds: [data.authorId, ...data.recipientIds],
      });
    } else if (event.type === eventType(messageDeleted)) {
      await this.references.messageDeleted(tx, messageDeleted.data.parse(event.data).messageId);
    }
  }
}
