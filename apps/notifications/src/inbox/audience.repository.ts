import { Injectable } from '@nestjs/common';
import type { SqlCaller } from '@vv/platform';

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
    await tx.call('notifications.apply_attendance', answer);
  }

  async forgetEventAttendance(tx: SqlCaller, eventId: string): Promise<void> {
    await tx.call('notifications.forget_event_attendance', { eventId });
  }

  async forgetUser(tx: SqlCaller, userId: string): Promise<void> {
    await tx.call('notifications.forget_user', { userId });
  }

  async forgetVillage(tx: SqlCaller, villageId: string): Promise<void> {
    await tx.call('notifications.forget_village', { villageId });
  }
}
