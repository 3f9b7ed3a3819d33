import { Injectable } from '@nestjs/common';
import type { NotificationLevel, TopicNotificationSetting } from '@vv/contracts';
import { Database, type SqlCaller } from '@vv/platform';
import type { EffectivePreference } from './preference-rules';

export interface PreferencesRow {
  villageId: string;
  level: NotificationLevel;
  topics: Record<string, Exclude<TopicNotificationSetting, 'normal'>>;
  updatedAt: string;
}

/** Users of a village whose preferences are asked, with their setting of a topic (or of none). */
export interface PreferenceQuestion {
  villageId: string;
  topicId: string | null;
  userIds: readonly string[];
}

/** A user's stored preferences in a village with their setting of a topic; undefined when none are stored. */
export type StoredPreferences = (
  villageId: string,
  topicId: string | null,
  userId: string,
) => EffectivePreference | undefined;

const preferenceKey = (villageId: string, topicId: string | null, userId: string): string =>
  `${villageId}:${topicId ?? ''}:${userId}`;

/** The only file of the preferences module that calls SQL. */
@Injectable()
export class PreferencesRepository {
  constructor(private readonly db: Database) {}

  get(userId: string, villageId: string): Promise<PreferencesRow | undefined> {
    return this.db.maybeOne<PreferencesRow>('notifications.get_preferences', { userId, villageId });
  }

  /** Replaces the member's preferences for the village. */
  put(
    userId: string,
    villageId: string,
    level: NotificationLevel,
    topics: Record<string, TopicNotificationSetting>,
  ): Promise<PreferencesRow> {
    return this.db.one<PreferencesRow>('notifications.put_preferences', {
      userId,
      villageId,
      level,
      topics: JSON.stringify(topics),
    });
  }

  /**
   * The stored preferences of each question's users in its village, with their setting of its topic
   * (null: none asked about), in one statement; absent users have none (undefined).
   */
  async ofMany(tx: SqlCaller, questions: readonly PreferenceQuestion[]): Promise<StoredPreferences> {
    const asked = questions.flatMap(({ villageId, topicId, userIds }) =>
      userIds.map((userId) => ({ villageId, topicId, userId })),
    );
    const rows = asked.length
      ? await tx.call<{
          villageId: string;
          topicId: string | null;
          userId: string;
          level: NotificationLevel;
          topicSetting: Exclude<TopicNotificationSetting, 'normal'> | null;
        }>('notifications.preferences_of_many', {
          villageIds: asked.map((question) => question.villageId),
          topicIds: asked.map((question) => question.topicId),
          userIds: asked.map((question) => question.userId),
        })
      : [];
    const stored = new Map(
      rows.map((row) => [
        preferenceKey(row.villageId, row.topicId, row.userId),
        { level: row.level, topic: row.topicSetting ?? 'normal' } satisfies EffectivePreference,
      ]),
    );
    return (villageId, topicId, userId) => stored.get(preferenceKey(villageId, topicId, userId));
  }

  /** A deleted topic's settings go. */
  async forgetTopic(tx: SqlCaller, topicId: string): Promise<void> {
    await tx.call('notifications.forget_topic_preferences', { topicId });
  }
}
