import { Inject, Injectable } from '@nestjs/common';
import type { ReplicaBootstrap } from '@vv/access';
import {
  attendanceChanged,
  calendarEventCancelled,
  eventType,
  topicDeleted,
  userDeleted,
  villageDeleted,
  type EventDefinition,
  type EventEnvelope,
  type ServiceName,
} from '@vv/contracts';
import { CONFIG, OnEvents, type SqlCaller } from '@vv/platform';
import type { NotificationsConfig } from '../config';
import { PreferencesRepository } from '../preferences/preferences.repository';
import { ATTENDANCE_BOOTSTRAP } from './attendance-source';
import { AudienceRepository } from './audience.repository';
import { DERIVED_EVENTS, derive } from './derivation';
import { Notifier } from './notifier';

/** The events `apply` changes audiences with: a batch applies each alone, in its place. */
const AUDIENCE_EVENTS: readonly EventDefinition[] = [
  attendanceChanged,
  calendarEventCancelled,
  topicDeleted,
  userDeleted,
  villageDeleted,
];
const AUDIENCE_TYPES: ReadonlySet<string> = new Set(AUDIENCE_EVENTS.map(eventType));

/** What the inbox durable of `producer` takes: the events that notify or change audiences. */
const inboxEvents = (producer: ServiceName): EventDefinition[] =>
  [...DERIVED_EVENTS, ...AUDIENCE_EVENTS].filter((def) => def.service === producer);

export const inboxConsumerName = (producer: ServiceName): string => `notifications-inbox-${producer}`;

/**
 * In-app notifications from other services' events: one durable consumer per producer stream
 * (`notifications-inbox-identity|messaging|calendar|files|notifications`), each filtered to the
 * events that notify or change audiences (on notifications' own stream, webhook.disabled only, so the
 * notifications it publishes do not come back), separate from `notifications-invitation-mail`. A batch's
 * notifications, their notification.created events and push deliveries commit with its inbox rows,
 * so a redelivered event makes none twice. Bookkeeping events keep the audiences current:
 * attendance.changed (attendees), calendar_event.cancelled (its answers go), topic.deleted,
 * user.deleted, village.deleted. Attendance never depends on calendar's stream retention: when
 * notifications never bootstrapped it, is told to (REPLICA_REBUILD=attendance) or its consumer fell
 * behind the stream, it is loaded from calendar's `attendance.snapshot` (the hook of
 * `notifications-inbox-calendar`, ReplicaBootstrap, libs/access).
 */
@Injectable()
export class InboxConsumer {
  constructor(
    @Inject(CONFIG) private readonly config: NotificationsConfig,
    @Inject(ATTENDANCE_BOOTSTRAP) private readonly attendance: ReplicaBootstrap,
    private readonly notifier: Notifier,
    private readonly audiences: AudienceRepository,
    private readonly preferences: PreferencesRepository,
  ) {}

  /** Resolves once the attendance bootstrap begun at start is done (tests). */
  async bootstrapped(): Promise<void> {
    await this.attendance.settled();
  }

  /** Applies one event in the consumer's transaction (the one recording it in the inbox). */
  async apply(event: EventEnvelope, tx: SqlCaller): Promise<void> {
    if (event.version !== 1) return;
    await this.keepAudiences(event, tx);
    await this.notifyOf([event], tx);
    if (event.type === eventType(calendarEventCancelled)) {
      const data = calendarEventCancelled.data.parse(event.data);
      // Told of the cancellation above; the answers of a cancelled event are of no more use.
      if (data.occurrence === null) await this.audiences.forgetEventAttendance(tx, data.eventId);
    }
  }

  /**
   * Applies a batch as `apply` would one event after the other: an event that changes audiences
   * alone, in its place; the notifications of the events between two such at once.
   */
  @OnEvents(inboxEvents('identity'), { durable: 'inbox-identity', batch: true })
  @OnEvents(inboxEvents('messaging'), { durable: 'inbox-messaging', batch: true })
  @OnEvents(inboxEvents('calendar'), { durable: 'inbox-calendar', batch: true, hook: ATTENDANCE_BOOTSTRAP })
  @OnEvents(inboxEvents('files'), { durable: 'inbox-files', batch: true })
  @OnEvents(inboxEvents('notifications'), { durable: 'inbox-notifications', batch: true })
  async applyBatch(events: readonly EventEnvelope[], tx: SqlCaller): Promise<void> {
    let between: EventEnvelope[] = [];
    for (const event of events) {
      if (!AUDIENCE_TYPES.has(event.type)) {
        between.push(event);
        continue;
      }
      await this.notifyOf(between, tx);
      between = [];
      await this.apply(event, tx);
    }
    await this.notifyOf(between, tx);
  }

  /** The notifications of these events (version 1, not too old to notify), written at once. */
  private async notifyOf(events: readonly EventEnvelope[], tx: SqlCaller): Promise<void> {
    const items = events
      .filter((event) => event.version === 1 && !this.isStale(event))
      .map((event) => ({ event, derived: derive(event) }))
      .filter((item) => item.derived.length > 0);
    if (items.length === 0) return;
    // Push deliveries wake the push sender by the queue's NOTIFY at commit (db/notifications/0012).
    await this.notifier.notifyMany(tx, items);
  }

  /** Events that change who hears of what (`keepAudiences`, and a cancellation's answers), applied even when too old to notify. */
  private async keepAudiences(event: EventEnvelope, tx: SqlCaller): Promise<void> {
    switch (event.type) {
      case eventType(attendanceChanged): {
        const data = attendanceChanged.data.parse(event.data);
        await this.audiences.applyAttendance(tx, {
          eventId: data.eventId,
          villageId: data.villageId,
          userId: data.memberId,
          occurrenceStart: data.occurrenceStart,
          status: data.status,
          occurredAt: event.occurredAt,
        });
        return;
      }
      case eventType(topicDeleted): {
        await this.preferences.forgetTopic(tx, topicDeleted.data.parse(event.data).topicId);
        return;
      }
      case eventType(userDeleted): {
        await this.audiences.forgetUser(tx, userDeleted.data.parse(event.data).userId);
        return;
      }
      case eventType(villageDeleted): {
        const { villageId } = villageDeleted.data.parse(event.data);
        await this.audiences.forgetVillage(tx, {
          villageId,
          occurredAt: event.occurredAt,
          eventId: event.id,
        });
        return;
      }
      default:
        return;
    }
  }

  /** An event older than NOTIFY_MAX_EVENT_AGE_HOURS (a first start replaying 7 days of streams) notifies nobody. */
  private isStale(event: EventEnvelope): boolean {
    const hours = this.config.NOTIFY_MAX_EVENT_AGE_HOURS;
    return hours > 0 && Date.now() - Date.parse(event.occurredAt) > hours * 3_600_000;
  }
}
