import { Injectable } from '@nestjs/common';
import type { NotificationPreferences, NotificationPreferencesFields } from '@vv/contracts';
import type { Actor } from '@vv/platform';
import { DEFAULT_PREFERENCE } from './preference-rules';
import { PreferencesPolicy } from './preferences.policy';
import { PreferencesRepository, type PreferencesRow } from './preferences.repository';
import { TopicCheck } from './topic-check';

const toPreferences = (row: PreferencesRow): NotificationPreferences => ({
  villageId: row.villageId,
  level: row.level,
  topics: row.topics,
  updatedAt: row.updatedAt,
});

/** A member's notification preferences for a village. */
@Injectable()
export class PreferencesService {
  constructor(
    private readonly preferences: PreferencesRepository,
    private readonly policy: PreferencesPolicy,
    private readonly topics: TopicCheck,
  ) {}

  async get(actor: Actor, villageId: string): Promise<NotificationPreferences> {
    await this.policy.assertMember(actor, villageId);
    const row = await this.preferences.get(actor.userId, villageId);
    return row
      ? toPreferences(row)
      : { villageId, level: DEFAULT_PREFERENCE.level, topics: {}, updatedAt: null };
  }

  /** Replaces them: topics left out are `normal` again. Every topic id named must be one of the village's. */
  async put(
    actor: Actor,
    villageId: string,
    fields: NotificationPreferencesFields,
  ): Promise<NotificationPreferences> {
    await this.policy.assertMember(actor, villageId);
    await this.topics.assertTopicsOf(actor, villageId, Object.keys(fields.topics));
    return toPreferences(await this.preferences.put(actor.userId, villageId, fields.level, fields.topics));
  }
}
