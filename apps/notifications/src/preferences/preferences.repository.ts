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

  /** The stored preferences of these users in the village, with their setting of `topicId`; absent users have none. */
  async of(
    tx: SqlCaller,
    villageId: string,
    userIds: string[],
    topicId: string | null,
  ): Promise<Map<string, EffectivePreference>> {
    const rows = await tx.call<{
      userId: string;
      level: NotificationLevel;
      topicSetting: Exclude<TopicNotificationSetting, 'normal'> | null;
    }>('notifications.preferences_of', { villageId, userIds, topicId });
    return new Map(
      rows.map((row) => [row.userId, { level: row.level, topic: row.topicSetting ?? 'normal' }]),
    );
  }

  /** A deleted topic's settings go. */
  async forgetTopic(tx: SqlCaller, topicId: string): Promise<void> {
    await tx.call('notifications.forget_topic_preferences', { topicId });
  }
}
