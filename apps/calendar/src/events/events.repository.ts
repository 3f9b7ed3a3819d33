import { Injectable } from '@nestjs/common';
import { membershipOf, type ReadWithMembership, type WithMembership } from '@vv/access';
import { Database } from '@vv/platform';
import type { AttendanceCountRow, EventRow } from './event-row';

const isEvent = (row: WithMembership<EventRow>): row is WithMembership<EventRow> & EventRow =>
  row.id !== null;

/** An event's stored fields, as the service has normalised them (instants, local midnights for all-day). */
export interface EventValues {
  title: string;
  description: string;
  location: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timeZone: string;
  rrule: string | null;
  exdates: string[];
  visibility: 'village' | 'busy';
  data: Record<string, unknown>;
  /** The series' last end; null when open-ended. */
  spanEnd: string | null;
  /** The series' last original start; null for a single event or an open-ended series. */
  lastStart: string | null;
}

/** One occurrence's override; undefined fields keep what is stored. */
export interface ExceptionValues {
  cancelled?: boolean;
  title?: string;
  description?: string;
  location?: string;
  startsAt?: string;
  endsAt?: string;
  data?: Record<string, unknown>;
}

const json = (value: unknown): string | undefined =>
  value === undefined ? undefined : JSON.stringify(value);

/** The only file of the events module that calls SQL. */
@Injectable()
export class EventsRepository {
  constructor(private readonly db: Database) {}

  get(eventId: string): Promise<EventRow | undefined> {
    return this.db.maybeOne<EventRow>('calendar.get_event', { eventId });
  }

  /**
   * Live events of the village whose span overlaps [from, to), at most `limit`, each with the
   * exceptions the window can use, with the replica's facts for (village, actor): one round trip.
   */
  async listInRangeWithMembership(
    villageId: string,
    actorId: string,
    from: string,
    to: string,
    limit: number,
  ): Promise<ReadWithMembership<EventRow[]>> {
    const rows = await this.db.call<WithMembership<EventRow>>(
      'calendar.list_events_in_range_with_membership',
      {
        villageId,
        actorId,
        from,
        to,
        limit,
      },
    );
    // Always a row: one without an event when the range holds none.
    return { villageId, membership: membershipOf(rows[0]), data: rows.filter(isEvent) };
  }

  /** Counts and the member's answer for many occurrences in one query. */
  countAttendance(
    keys: { eventId: string; occurrenceStart: string }[],
    memberId: string,
  ): Promise<AttendanceCountRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.db.call<AttendanceCountRow>('calendar.count_attendance', {
      eventIds: keys.map((key) => key.eventId),
      occurrenceStarts: keys.map((key) => key.occurrenceStart),
      memberId,
    });
  }

  /** The event with calendar_event.created. */
  create(villageId: string, actorId: string, values: EventValues): Promise<EventRow> {
    return this.db.one<EventRow>('calendar.create_event', {
      villageId,
      actorId,
      ...values,
      data: json(values.data),
    });
  }

  /** Replaces the series' fields with calendar_event.updated; undefined when there is no live event. */
  update(eventId: string, actorId: string, values: EventValues): Promise<EventRow | undefined> {
    return this.db.maybeOne<EventRow>('calendar.update_event', {
      eventId,
      actorId,
      ...values,
      data: json(values.data),
    });
  }

  /**
   * Stores one occurrence's exception with calendar_event.updated/cancelled; undefined when there
   * is no live event; invalid when it would be one more than `maxExceptions` of the series.
   */
  setException(
    eventId: string,
    actorId: string,
    originalStart: string,
    maxExceptions: number,
    values: ExceptionValues,
  ): Promise<EventRow | undefined> {
    return this.db.maybeOne<EventRow>('calendar.set_event_exception', {
      eventId,
      actorId,
      originalStart,
      maxExceptions,
      ...values,
      data: json(values.data),
    });
  }

  /** Cancels the event with calendar_event.cancelled; false when there is no live event. */
  async cancel(eventId: string, actorId: string): Promise<boolean> {
    return (
      (await this.db.maybeOne<{ eventId: string }>('calendar.cancel_event', { eventId, actorId })) !==
      undefined
    );
  }
}
