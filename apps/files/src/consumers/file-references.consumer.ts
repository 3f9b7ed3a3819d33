import { Inject, Injectable } from '@nestjs/common';
import type { ReplicaBootstrap } from '@vv/access';
import {
  FILES_SETTINGS_KEY,
  messageDeleted,
  messageSent,
  metadataUpdated,
  userDeleted,
  userProfileUpdated,
  villageDeleted,
} from '@vv/contracts';
import { LOGGER, OnEvent, type EventOf, type Logger, type SqlCaller } from '@vv/platform';
import { FilesSettings } from '../settings/files-settings';
import { AVATARS_BOOTSTRAP, GRANTS_BOOTSTRAP } from './reference-sources';
import { ReferencesRepository } from './references.repository';

export { FILES_IDENTITY_CONSUMER, FILES_MESSAGING_CONSUMER } from './reference-sources';

/** The durables: `files-identity` and `files-messaging`. */
const IDENTITY = { durable: 'identity', hook: AVATARS_BOOTSTRAP };
const MESSAGING = { durable: 'messaging', hook: GRANTS_BOOTSTRAP };

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
 * while the consumer carries on from the snapshot's position (the durables' hooks, ReplicaBootstrap).
 */
@Injectable()
export class FileReferencesConsumer {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly references: ReferencesRepository,
    private readonly settings: FilesSettings,
    @Inject(AVATARS_BOOTSTRAP) private readonly avatars: ReplicaBootstrap,
    @Inject(GRANTS_BOOTSTRAP) private readonly grants: ReplicaBootstrap,
  ) {}

  /** Resolves once the bootstraps begun at start are done (tests). */
  async bootstrapped(): Promise<void> {
    await Promise.all([this.avatars.settled(), this.grants.settled()]);
  }

  @OnEvent(metadataUpdated, IDENTITY)
  async onMetadataUpdated(event: EventOf<typeof metadataUpdated>, tx: SqlCaller): Promise<void> {
    const { data } = event;
    if (data.key !== FILES_SETTINGS_KEY) return;
    const scope = data.scope === 'app' ? 'app' : data.villageId;
    if (scope === null || (data.scope !== 'app' && !data.scope.startsWith('village:'))) return;
    await this.settings.store(tx, scope, data.deleted ? null : data.value, data.version, event.occurredAt);
  }

  @OnEvent(userProfileUpdated, IDENTITY)
  async onProfileUpdated(event: EventOf<typeof userProfileUpdated>, tx: SqlCaller): Promise<void> {
    const { data, occurredAt } = event;
    if (!data.changed.includes('avatarFileId')) return;
    await this.references.avatar(tx, {
      userId: data.userId,
      fileId: data.avatarFileId,
      userDeleted: false,
      occurredAt,
    });
  }

  @OnEvent(userDeleted, IDENTITY)
  async onUserDeleted(event: EventOf<typeof userDeleted>, tx: SqlCaller): Promise<void> {
    await this.references.avatar(tx, {
      userId: event.data.userId,
      fileId: null,
      userDeleted: true,
      occurredAt: event.occurredAt,
    });
  }

  @OnEvent(villageDeleted, IDENTITY)
  async onVillageDeleted(event: EventOf<typeof villageDeleted>, tx: SqlCaller): Promise<void> {
    const { villageId } = event.data;
    const count = await this.references.villageDeleted(tx, {
      villageId,
      occurredAt: event.occurredAt,
      eventId: event.id,
    });
    if (count > 0) this.logger.info({ villageId, files: count }, "deleted village's files deleted");
  }

  @OnEvent(messageSent, MESSAGING)
  async onMessageSent({ data }: EventOf<typeof messageSent>, tx: SqlCaller): Promise<void> {
    if (data.attachments.length === 0) return;
    await this.references.messageSent(tx, {
      messageId: data.messageId,
      fileIds: data.attachments,
      userIds: [data.authorId, ...data.recipientIds],
    });
  }

  @OnEvent(messageDeleted, MESSAGING)
  async onMessageDeleted({ data }: EventOf<typeof messageDeleted>, tx: SqlCaller): Promise<void> {
    await this.references.messageDeleted(tx, data.messageId);
  }
}
