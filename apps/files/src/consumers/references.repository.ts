import { Injectable } from '@nestjs/common';
import type { SqlCaller } from '@vv/platform';

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
}
