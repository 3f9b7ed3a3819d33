import { NOTIFICATION_KINDS, type NotificationKind } from '@vv/contracts';
import { allows, DEFAULT_PREFERENCE, isPersonal, type EffectivePreference } from './preference-rules';

const PERSONAL: NotificationKind[] = [
  'invited',
  'added_to_village',
  'direct_message',
  'reply',
  'reaction',
  'event_changed',
  'event_cancelled',
  'file_shared',
  'webhook_disabled',
];
const pref = (level: EffectivePreference['level'], topic: EffectivePreference['topic'] = 'normal') => ({
  level,
  topic,
});

describe('preference rules', () => {
  it('names the personal kinds; broadcasts and watched-topic posts are not personal', () => {
    expect(NOTIFICATION_KINDS.filter(isPersonal)).toEqual(PERSONAL);
  });

  it('by default lets everything through but posts of topics not watched', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(allows(DEFAULT_PREFERENCE, kind)).toBe(kind !== 'topic_post');
    }
    expect(allows(pref('all', 'watch'), 'topic_post')).toBe(true);
  });

  it('none: nothing from the village, whatever the topic', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(allows(pref('none'), kind)).toBe(false);
      expect(allows(pref('none', 'watch'), kind)).toBe(false);
    }
  });

  it('mentions_and_direct: only what is addressed to me (no broadcast, no watched-topic post)', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(allows(pref('mentions_and_direct'), kind)).toBe(isPersonal(kind));
    }
    expect(allows(pref('mentions_and_direct', 'watch'), 'topic_post')).toBe(false);
    expect(allows(pref('mentions_and_direct', 'watch'), 'reply')).toBe(true);
  });

  it('a muted topic: nothing from it, not even a reply to my post or a reaction to it', () => {
    for (const level of ['all', 'mentions_and_direct'] as const) {
      expect(allows(pref(level, 'mute'), 'reply')).toBe(false);
      expect(allows(pref(level, 'mute'), 'reaction')).toBe(false);
      expect(allows(pref(level, 'mute'), 'topic_post')).toBe(false);
    }
  });
});
