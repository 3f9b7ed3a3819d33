import { Injectable } from '@nestjs/common';
import type { SqlCaller } from '@vv/platform';
import type { AttendanceSnapshotItem } from './attendance-source';

const userIdsOf = (rows: Array<{ userId: string }>): string[] => rows.map((row) => row.userId);

/** What a batch of derivations asks about, answered by `lookup` in one statement per kind. */
export interface AudienceQuestions {
  /** Users named personally, in villages: which of them have not left. */
  named: Array<{ villageId: string; userId: string }>;
  /** Villages whose members are the audience. */
  villages: string[];
  /** Topics whose watchers are the audience. */
  topics: Array<{ villageId: string; topicId: string }>;
}

const pairKey = (a: string, b: string): string => `${a}:${b}`;

/** The answers to `AudienceQuestions`: the same as the single-event calls would give, from memory. */
export class AudienceLookup {
  constructor(
    private readonly notFormer: ReadonlySet<string>,
    private readonly members: ReadonlyMap<string, string[]>,
    private readonly watchers: ReadonlyMap<string, string[]>,
  ) {}

  excludeFormerMembers(villageId: string, userIds: string[]): string[] {
    return [...new Set(userIds)].filter((userId) => this.notFormer.has(pairKey(villageId, userId)));
  }

  villageMembers(villageId: string): string[] {
    return this.members.get(villageId) ?? [];
  }

  topicWatchers(villageId: string, topicId: string): string[] {
    return this.watchers.get(pairKey(villageId, topicId)) ?? [];
  }
}

const grouped = (rows: Array<{ key: string; userId: string }>): Map<string, string[]> => {
  const groups = new Map<string, string[]>();
  for (const { key, userId } of rows) groups.set(key, [...(groups.get(key) ?? []), userId]);
  return groups;
};

/**
 * Who an event's notifications reach, from what notifications keeps: the membership replica
 * (libs/access), topic watchers, event attendees; and the bookkeeping that keeps them current.
 * Every call runs in the consumer's transaction.
 */
@Injectable()
export class AudienceRepository {
  /** Answers every question of a batch of derivations: at most one statement per kind of audience. */
  async lookup(tx: SqlCaller, questions: AudienceQuestions): Promise<AudienceLookup> {
    type Pair = { villageId: string; userId: string };
    const { named, villages, topics } = questions;
    const kept = named.length
      ? await tx.call<Pair>('notifications.exclude_former_members_many', {
          villageIds: named.map((pair) => pair.villageId),
          userIds: named.map((pair) => pair.userId),
        })
      : [];
    const members = villages.length
      ? await tx.call<Pair>('notifications.village_member_ids_many', { villageIds: villages })
      : [];
    const watchers = topics.length
      ? await tx.call<Pair & { topicId: string }>('notifications.topic_watchers_many', {
          villageIds: topics.map((topic) => topic.villageId),
          topicIds: topics.map((topic) => topic.topicId),
        })
      : [];
    return new AudienceLookup(
      new Set(kept.map((row) => pairKey(row.villageId, row.userId))),
      grouped(members.map((row) => ({ key: row.villageId, userId: row.userId }))),
      grouped(watchers.map((row) => ({ key: pairKey(row.villageId, row.topicId), userId: row.userId }))),
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
