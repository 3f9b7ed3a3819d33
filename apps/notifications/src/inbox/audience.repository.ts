import { Injectable } from '@nestjs/common';
import type { SqlCaller } from '@vv/platform';
import type { AttendanceSnapshotItem } from './attendance-source';

const userIdsOf = (rows: Array<{ userId: string }>): string[] => rows.map((row) => row.userId);

/**
 * Who an event's notifications reach, from what notifications keeps: the membership replica
 * (libs/access), topic watchers, event attendees; and the bookkeeping that keeps them current.
 * Every call runs in the consumer's transaction.
 */
@Injectable()
export class AudienceRepository {
  async villageMembers(tx: SqlCaller, villageId: string): Promise<string[]> {
    return userIdsOf(await tx.call<{ userId: string }>('notifications.village_member_ids', { villageId }));
  }

  /** `userIds` without those the replica knows have left the village. */
  async excludeFormerMembers(tx: SqlCaller, villageId: string, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    return userIdsOf(
      await tx.call<{ userId: string }>('notifications.exclude_former_members', { villageId, userIds }),
    );
  }

  async topicWatchers(tx: SqlCaller, villageId: string, topicId: string): Promise<string[]> {
    return userIdsOf(
      await tx.call<{ userId: string }>('notifications.topic_watchers', { villageId, topicId }),
    );
  }

  /** Attendees of one occurrence, or of the event and its occurrences from `since` on (occurrenceStart null). */
  async eventAttendees(
    tx: SqlCaller,
    eventId: string,
    statuses: readonly string[],
    occurrenceStart: string | null,
    since: string,
  ): Promise<string[]> {
    return userIdsOf(
      await tx.call<{ userId: string }>('notifications.event_attendees', {
        eventId,
        statuses,
        occurrenceStart,
        since,
      }),
    );
  }

  /** An attendance.changed, unless older than the answer kept or about a cancelled event, deleted village or account. */
  async applyAttendance(
    tx: SqlCaller,
    answer: {
      eventId: string;
      villageId: string;
      userId: string;
      occurrenceStart: string | null;
      status: string;
      occurredAt: string;
    },
  ): Promise<void> {
    await tx.call('notifications.apply_attendance_change', answer);
  }

  /** A whole event was cancelled: its answers go, and a late answer is not kept. */
  async forgetEventAttendance(tx: SqlCaller, eventId: string): Promise<void> {
    await tx.call('notifications.forget_cancelled_event', { eventId });
  }

  /** An account was deleted: what is kept of it goes, and a late event about it is not kept. */
  async forgetUser(tx: SqlCaller, userId: string): Promise<void> {
    await tx.call('notifications.forget_deleted_user', { userId });
  }

  /** A village was deleted: its preferences and answers go; the replica learns it in this transaction. */
  async forgetVillage(
    tx: SqlCaller,
    deletion: { villageId: string; occurredAt: string; eventId: string },
  ): Promise<void> {
    await tx.call('notifications.forget_deleted_village', deletion);
  }

  /** A page of calendar's attendance snapshot, in the bootstrap's transaction (db/notifications/0009). */
  async storeAttendanceSnapshot(
    tx: SqlCaller,
    answers: AttendanceSnapshotItem[],
    syncedAt: string,
  ): Promise<void> {
    await tx.call('notifications.store_attendance_snapshot', { answers: JSON.stringify(answers), syncedAt });
  }

  /** After the last page: answers the snapshot did not name (cancelled events) go. */
  async sweepAttendance(tx: SqlCaller, syncedAt: string): Promise<number> {
    return (await tx.one<{ sweepAttendance: number }>('notifications.sweep_attendance', { syncedAt }))
      .sweepAttendance;
  }
}
