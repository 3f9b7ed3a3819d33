import { z } from 'zod';
import { isoTimestamp, uuid } from '../../common/schemas';
import { TOPIC_CHECK_IDS_MAX } from '../../messaging/topic-check-ids/topic-check-ids.command';

/**
 * How much of a village reaches a member: `all` (the default: what is addressed to them, every
 * broadcast, and every new post in topics they watch), `mentions_and_direct` (only what is
 * addressed to them personally), `none` (nothing from the village).
 */
export const NOTIFICATION_LEVELS = ['all', 'mentions_and_direct', 'none'] as const;
export const notificationLevel = z.enum(NOTIFICATION_LEVELS);
export type NotificationLevel = z.output<typeof notificationLevel>;

/**
 * A topic's setting: `watch` (every new post and reply notifies, at level `all`), `normal` (the
 * default), `mute` (nothing from the topic, not even replies to my posts or reactions to them).
 */
export const TOPIC_NOTIFICATION_SETTINGS = ['watch', 'normal', 'mute'] as const;
export const topicNotificationSetting = z.enum(TOPIC_NOTIFICATION_SETTINGS);
export type TopicNotificationSetting = z.output<typeof topicNotificationSetting>;

/** Topics one village's preferences may name: as many as one `topic.check_ids` call checks. */
export const PREFERENCE_TOPICS_MAX = TOPIC_CHECK_IDS_MAX;

/** The body of `PUT /v1/villages/{villageId}/notification-preferences`; it replaces what was there. */
export const notificationPreferencesFields = z.strictObject({
  level: notificationLevel,
  /** Topic id → setting; a topic left out is `normal`. Each must be a topic of the village. */
  topics: z
    .record(uuid, topicNotificationSetting)
    .refine((topics) => Object.keys(topics).length <= PREFERENCE_TOPICS_MAX, {
      message: `at most ${PREFERENCE_TOPICS_MAX} topics`,
    })
    .default({}),
});
export type NotificationPreferencesFields = z.output<typeof notificationPreferencesFields>;

/** A member's notification preferences for one village (the defaults until they set some). */
export const notificationPreferences = z.object({
  villageId: uuid,
  level: notificationLevel,
  /** Topics that are not `normal`. */
  topics: z.record(z.string(), topicNotificationSetting),
  /** Null until the member saved preferences. */
  updatedAt: isoTimestamp.nullable(),
});
export type NotificationPreferences = z.output<typeof notificationPreferences>;
