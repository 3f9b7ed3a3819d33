import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@vv/contracts';
import { Metrics, type SqlCaller } from '@vv/platform';
import type { Counter } from 'prom-client';
import { allows, DEFAULT_PREFERENCE } from '../preferences/preference-rules';
import { PreferencesRepository } from '../preferences/preferences.repository';
import { AudienceRepository } from './audience.repository';
import { ATTENDING_STATUSES, type Derived } from './derivation';
import { InboxRepository } from './inbox.repository';

export interface NotifyOutcome {
  /** Notifications made now. */
  created: number;
  /** Push deliveries queued with them. */
  pushes: number;
}

/**
 * Turns an event's derived notifications into rows, in the consumer's transaction: resolves each
 * audience, takes out the actor and anyone an earlier (more personal) derivation of the same event
 * already considered, applies each member's preferences for the village, and writes the rest
 * (with their events and push deliveries).
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

  async notify(tx: SqlCaller, event: EventEnvelope, derivations: Derived[]): Promise<NotifyOutcome> {
    const considered = new Set<string>();
    const outcome: NotifyOutcome = { created: 0, pushes: 0 };
    for (const derived of derivations) {
      const audience = (await this.audienceOf(tx, derived, event)).filter(
        (userId) => userId !== derived.actorId && !considered.has(userId),
      );
      for (const userId of audience) considered.add(userId);
      const userIds = await this.withPreferences(tx, derived, audience);
      if (userIds.length === 0) continue;
      const created = await this.inbox.create(tx, {
        sourceEventId: event.id,
        kind: derived.kind,
        villageId: derived.villageId,
        actorId: derived.actorId,
        userIds,
        subject: derived.subject,
        data: derived.data,
        occurredAt: event.occurredAt,
      });
      outcome.created += created.length;
      outcome.pushes += created.reduce((sum, row) => sum + row.pushes, 0);
      if (created.length > 0) this.made.inc({ kind: derived.kind }, created.length);
    }
    return outcome;
  }

  private async audienceOf(tx: SqlCaller, derived: Derived, event: EventEnvelope): Promise<string[]> {
    const { audience, villageId } = derived;
    switch (audience.type) {
      case 'users':
        // Invitees are not members yet, and someone just added may be one the replica saw leave.
        if (villageId === null || derived.kind === 'invited' || derived.kind === 'added_to_village') {
          return audience.userIds;
        }
        return this.audiences.excludeFormerMembers(tx, villageId, audience.userIds);
      case 'village_members':
        return villageId === null ? [] : this.audiences.villageMembers(tx, villageId);
      case 'topic_watchers':
        return villageId === null ? [] : this.audiences.topicWatchers(tx, villageId, audience.topicId);
      case 'event_attendees': {
        if (villageId === null) return [];
        const attendees = await this.audiences.eventAttendees(
          tx,
          audience.eventId,
          ATTENDING_STATUSES,
          audience.occurrenceStart,
          event.occurredAt,
        );
        const also = await this.audiences.excludeFormerMembers(tx, villageId, audience.also);
        return [...new Set([...attendees, ...also])];
      }
    }
  }

  private async withPreferences(tx: SqlCaller, derived: Derived, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0 || derived.villageId === null) return userIds;
    const stored = await this.preferences.of(tx, derived.villageId, userIds, derived.topicId);
    return userIds.filter((userId) => allows(stored.get(userId) ?? DEFAULT_PREFERENCE, derived.kind));
  }
}
