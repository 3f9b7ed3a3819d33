import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@vv/contracts';
import { Metrics, type SqlCaller } from '@vv/platform';
import type { Counter } from 'prom-client';
import { allows, DEFAULT_PREFERENCE } from '../preferences/preference-rules';
import { PreferencesRepository } from '../preferences/preferences.repository';
import { AudienceRepository, type AudienceLookup, type AudienceQuestions } from './audience.repository';
import { ATTENDING_STATUSES, type Derived } from './derived';
import { InboxRepository, type NewNotifications } from './inbox.repository';

export interface NotifyOutcome {
  /** Notifications made now. */
  created: number;
  /** Push deliveries queued with them. */
  pushes: number;
}

/** An event and the notifications it asks for. */
export interface EventDerivations {
  event: EventEnvelope;
  derived: Derived[];
}

/** Derivations addressed to users personally whom the replica may know to have left. */
const checksFormerMembers = (derived: Derived): boolean =>
  derived.villageId !== null && derived.kind !== 'invited' && derived.kind !== 'added_to_village';

/** Everything the derivations will ask about their audiences, so that one lookup answers it all. */
function audienceQuestions(derivations: readonly Derived[]): AudienceQuestions {
  const questions: AudienceQuestions = { named: [], villages: [], topics: [] };
  for (const derived of derivations) {
    const { audience, villageId } = derived;
    if (villageId === null) continue;
    if (audience.type === 'users' && checksFormerMembers(derived)) {
      questions.named.push(...audience.userIds.map((userId) => ({ villageId, userId })));
    } else if (audience.type === 'event_attendees') {
      questions.named.push(...audience.also.map((userId) => ({ villageId, userId })));
    } else if (audience.type === 'village_members') {
      questions.villages.push(villageId);
    } else if (audience.type === 'topic_watchers') {
      questions.topics.push({ villageId, topicId: audience.topicId });
    }
  }
  return questions;
}

/**
 * Turns events' derived notifications into rows, in the consumer's transaction, for a whole batch
 * of events in a few statements: resolves each audience, takes out the actor and anyone an earlier
 * (more personal) derivation of the same event already considered, applies each member's
 * preferences for the village, and writes the rest (with their events and push deliveries).
 */
@Injectable()
export class Notifier {
  private readonly made: Counter<'kind'>;

  constructor(
    private readonly inbox: InboxRepository,
    private readonly audiences: AudienceRepository,
    private readonly preferences: PreferencesRepository,
    metrics: Metrics,
  ) {
    this.made = metrics.counter('vv_notifications_created_total', 'In-app notifications made, by kind', [
      'kind',
    ]);
  }

  async notifyMany(tx: SqlCaller, items: readonly EventDerivations[]): Promise<NotifyOutcome> {
    const lookup = await this.audiences.lookup(tx, audienceQuestions(items.flatMap((item) => item.derived)));
    const addressed: Array<{ event: EventEnvelope; derived: Derived; userIds: string[] }> = [];
    for (const { event, derived: derivations } of items) {
      const considered = new Set<string>();
      for (const derived of derivations) {
        const userIds = (await this.audienceOf(tx, lookup, derived, event)).filter(
          (userId) => userId !== derived.actorId && !considered.has(userId),
        );
        for (const userId of userIds) considered.add(userId);
        if (userIds.length > 0) addressed.push({ event, derived, userIds });
      }
    }
    const stored = await this.preferences.ofMany(
      tx,
      addressed.flatMap(({ derived, userIds }) =>
        derived.villageId === null
          ? []
          : [{ villageId: derived.villageId, topicId: derived.topicId, userIds }],
      ),
    );
    const notifications: NewNotifications[] = addressed.flatMap(({ event, derived, userIds }) => {
      const { villageId, topicId } = derived;
      const allowed =
        villageId === null
          ? userIds
          : userIds.filter((userId) =>
              allows(stored(villageId, topicId, userId) ?? DEFAULT_PREFERENCE, derived.kind),
            );
      if (allowed.length === 0) return [];
      return [
        {
          sourceEventId: event.id,
          kind: derived.kind,
          villageId,
          actorId: derived.actorId,
          userIds: allowed,
          subject: derived.subject,
          data: derived.data,
          occurredAt: event.occurredAt,
        },
      ];
    });
    const created = await this.inbox.createMany(tx, notifications);
    for (const row of created) this.made.inc({ kind: row.kind });
    return { created: created.length, pushes: created.reduce((sum, row) => sum + row.pushes, 0) };
  }

  private async audienceOf(
    tx: SqlCaller,
    lookup: AudienceLookup,
    derived: Derived,
    event: EventEnvelope,
  ): Promise<string[]> {
    const { audience, villageId } = derived;
    switch (audience.type) {
      case 'users':
        // Invitees are not members yet, and someone just added may be one the replica saw leave.
        if (villageId === null || !checksFormerMembers(derived)) return audience.userIds;
        return lookup.excludeFormerMembers(villageId, audience.userIds);
      case 'village_members':
        return villageId === null ? [] : lookup.villageMembers(villageId);
      case 'topic_watchers':
        return villageId === null ? [] : lookup.topicWatchers(villageId, audience.topicId);
      case 'event_attendees': {
        if (villageId === null) return [];
        const attendees = await this.audiences.eventAttendees(
          tx,
          audience.eventId,
          ATTENDING_STATUSES,
          audience.occurrenceStart,
          event.occurredAt,
        );
        const also = lookup.excludeFormerMembers(villageId, audience.also);
        return [...new Set([...attendees, ...also])];
      }
    }
  }
}
