import type { NotificationKind, NotificationLevel, TopicNotificationSetting } from '@vv/contracts';

/** What decides whether a member hears of something in a village: their level and the topic's setting. */
export interface EffectivePreference {
  level: NotificationLevel;
  /** The setting of the topic the notification belongs to; `normal` when it belongs to none. */
  topic: TopicNotificationSetting;
}

/** A member who never saved preferences, or a topic they never set. */
export const DEFAULT_PREFERENCE: EffectivePreference = { level: 'all', topic: 'normal' };

/**
 * Kinds addressed to the user personally: what reaches them at `mentions_and_direct`. (There are no
 * @-mentions yet; a reply to my post and a reaction to it are what address me on a board.)
 */
const PERSONAL: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
  'invited',
  'added_to_village',
  'direct_message',
  'reply',
  'reaction',
  'event_changed',
  'event_cancelled',
  'file_shared',
  'webhook_disabled',
]);

export const isPersonal = (kind: NotificationKind): boolean => PERSONAL.has(kind);

/**
 * Whether a notification of `kind` reaches a member with these preferences:
 * - level `none`: nothing from the village;
 * - a muted topic: nothing from it, not even replies to my posts or reactions to them;
 * - level `mentions_and_direct`: only personal kinds;
 * - level `all`: also broadcasts, and new posts in topics the member watches (`topic_post`).
 */
export function allows(preference: EffectivePreference, kind: NotificationKind): boolean {
  if (preference.level === 'none' || preference.topic === 'mute') return false;
  if (isPersonal(kind)) return true;
  if (preference.level !== 'all') return false;
  if (kind === 'topic_post') return preference.topic === 'watch';
  return true;
}
