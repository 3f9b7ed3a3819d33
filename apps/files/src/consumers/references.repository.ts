import { Injectable } from '@nestjs/common';
import type { SqlCaller } from '@vv/platform';
import type { AttachmentSnapshotItem, AvatarSnapshotItem } from './reference-sources';

/**
 * What files keeps from other services' events (attachment grants, avatars, deleted villages), in
 * the consumer's transaction. Each apply is order-independent (db/files/0004): tombstones and
 * versions make a late, older event a no-op.
 */
@Injectable()
export class ReferencesRepository {
  async messageSent(
    tx: SqlCaller,
    message: { messageId: string; fileIds: string[]; userIds: string[] },
  ): Promise<boolean> {
    const row = await tx.one<{ applyMessageSent: boolean }>('files.apply_message_sent', message);
    return row.applyMessageSent;
  }

  async messageDeleted(tx: SqlCaller, messageId: string): Promise<void> {
    await tx.call('files.apply_message_deleted', { messageId });
  }

  /** A profile's avatar (null: none) or, with `userDeleted`, the user's end; false when older than what is kept. */
  async avatar(
    tx: SqlCaller,
    change: { userId: string; fileId: string | null; userDeleted: boolean; occurredAt: string },
  ): Promise<boolean> {
    const row = await tx.one<{ applyAvatarEvent: boolean }>('files.apply_avatar_event', change);
    return row.applyAvatarEvent;
  }

  /** Deletes the village's files and leaves its tombstones; returns how many files went. */
  async villageDeleted(
    tx: SqlCaller,
    deletion: { villageId: string; occurredAt: string; eventId: string },
  ): Promise<number> {
    const row = await tx.one<{ applyVillageDeleted: number }>('files.apply_village_deleted', deletion);
    return row.applyVillageDeleted;
  }

  /** A page of messaging's attachment snapshot, in the bootstrap's transaction (db/files/0005). */
  async storeGrantsSnapshot(
    tx: SqlCaller,
    messages: AttachmentSnapshotItem[],
    syncedAt: string,
  ): Promise<void> {
    await tx.call('files.store_message_grants_snapshot', { messages: JSON.stringify(messages), syncedAt });
  }

  /** After the last page: grants of messages the snapshot did not name go. */
  async sweepGrants(tx: SqlCaller, syncedAt: string): Promise<number> {
    return (await tx.one<{ sweepMessageGrants: number }>('files.sweep_message_grants', { syncedAt }))
      .sweepMessageGrants;
  }

  /** A page of identity's avatar snapshot, in the bootstrap's transaction (db/files/0005). */
  async storeAvatarsSnapshot(tx: SqlCaller, avatars: AvatarSnapshotItem[], syncedAt: string): Promise<void> {
    await tx.call('files.store_avatars_snapshot', { avatars: JSON.stringify(avatars), syncedAt });
  }

  /** After the last page: avatars the snapshot did not name are none any more. */
  async sweepAvatars(tx: SqlCaller, syncedAt: string): Promise<number> {
    return (await tx.one<{ sweepAvatars: number }>('files.sweep_avatars', { syncedAt })).sweepAvatars;
  }
}
