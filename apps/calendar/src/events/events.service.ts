import { Injectable } from '@nestjs/common';
import { EVENT_EXCEPTIONS_MAX, type CalendarEvent, type EventFields, type EventPatch } from '@vv/contracts';
import { ServiceError, type Actor } from '@vv/platform';
import type { EventRow } from './event-row';
import { assertOrdered, checkedRrule, rruleRefusal, toStoredTime } from './event-times';
import { toCalendarEvent } from './event-view';
import { EventsPolicy } from './events.policy';
import { EventsRepository, type EventValues, type ExceptionValues } from './events.repository';
import { WorkPacer } from './expansion-pacer';
import { isOccurrenceOf, seriesBounds } from './recurrence';

const OCCURRENCE_FIELDS = new Set([
  'title',
  'description',
  'location',
  'startsAt',
  'endsAt',
  'data',
  'cancelled',
]);

/** Events: single and recurring; reading a range is EventListService's. */
@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventsRepository,
    private readonly policy: EventsPolicy,
  ) {}

  async create(actor: Actor, villageId: string, fields: EventFields): Promise<CalendarEvent> {
    await this.policy.assertCreate(actor, villageId);
    const allDay = fields.allDay ?? false;
    const values = await this.withSpan({
      title: fields.title,
      description: fields.description ?? '',
      location: fields.location ?? '',
      startsAt: toStoredTime('startsAt', fields.startsAt, allDay, fields.timeZone),
      endsAt: toStoredTime('endsAt', fields.endsAt, allDay, fields.timeZone),
      allDay,
      timeZone: fields.timeZone,
      rrule: checkedRrule(fields.rrule),
      exdates: (fields.exdates ?? []).map((date) => new Date(date).toISOString()),
      visibility: fields.visibility ?? 'village',
      data: fields.data ?? {},
    });
    return toCalendarEvent(await this.events.create(villageId, actor.userId, values), true);
  }

  async get(actor: Actor, eventId: string): Promise<CalendarEvent> {
    const row = await this.readableRow(actor, eventId);
    return toCalendarEvent(row, await this.policy.seesDetails(actor, row));
  }

  /** The event row after the caller's read check (not_found when there is none). */
  async readableRow(actor: Actor, eventId: string): Promise<EventRow> {
    const row = await this.events.get(eventId);
    if (!row) throw new ServiceError('not_found', 'No such event');
    await this.policy.assertRead(actor, row.villageId);
    return row;
  }

  /** A live event the caller may RSVP to (a member of its village). */
  async attendableRow(actor: Actor, eventId: string): Promise<EventRow> {
    const row = await this.events.get(eventId);
    if (!row) throw new ServiceError('not_found', 'No such event');
    await this.policy.assertAttend(actor, row.villageId);
    if (row.cancelledAt !== null) throw new ServiceError('not_found', 'No such event');
    return row;
  }

  async update(
    actor: Actor,
    eventId: string,
    patch: EventPatch,
    occurrence?: string,
  ): Promise<CalendarEvent> {
    const row = await this.liveRow(eventId);
    await this.policy.assertEdit(actor, row);
    const updated =
      occurrence === undefined
        ? await this.events.update(eventId, actor.userId, await this.mergedValues(row, patch))
        : await this.events.setException(
            eventId,
            actor.userId,
            await this.checkedOccurrence(row, occurrence, { adding: true }),
            EVENT_EXCEPTIONS_MAX,
            this.exceptionValues(row, patch),
          );
    if (!updated) throw new ServiceError('not_found', 'No such event');
    return toCalendarEvent(updated, true);
  }

  async cancel(actor: Actor, eventId: string): Promise<void> {
    const row = await this.liveRow(eventId);
    await this.policy.assertEdit(actor, row);
    if (!(await this.events.cancel(eventId, actor.userId)))
      throw new ServiceError('not_found', 'No such event');
  }

  /**
   * An occurrence's original start of a live series, or not_found. `adding`: an exception is to be
   * stored for it, refused when the series already keeps EVENT_EXCEPTIONS_MAX others.
   */
  async checkedOccurrence(row: EventRow, occurrence: string, { adding = false } = {}): Promise<string> {
    const originalStart = new Date(occurrence).toISOString();
    if (row.rrule === null) {
      throw ServiceError.invalid([{ field: 'occurrence', reason: 'only a recurring event has occurrences' }]);
    }
    if (
      !(await isOccurrenceOf(row, originalStart, new WorkPacer())) ||
      row.exdates.some((date) => new Date(date).toISOString() === originalStart)
    ) {
      throw new ServiceError('not_found', 'No such occurrence');
    }
    const known = row.exceptions.some(
      (exception) => new Date(exception.originalStart).toISOString() === originalStart,
    );
    if (adding && !known && row.exceptions.length >= EVENT_EXCEPTIONS_MAX) {
      throw ServiceError.invalid([
        {
          field: 'occurrence',
          reason: `a series keeps at most ${EVENT_EXCEPTIONS_MAX} edited or cancelled occurrences`,
        },
      ]);
    }
    return originalStart;
  }

  private async liveRow(eventId: string): Promise<EventRow> {
    const row = await this.events.get(eventId);
    if (!row || row.cancelledAt !== null) throw new ServiceError('not_found', 'No such event');
    return row;
  }

  /** The values with the series' bounds (a rule without occurrence refused); the walk yields as it goes. */
  private async withSpan(values: Omit<EventValues, 'spanEnd' | 'lastStart'>): Promise<EventValues> {
    assertOrdered(values.startsAt, values.endsAt, values.rrule !== null);
    try {
      return { ...values, ...(await seriesBounds(values, new WorkPacer())) };
    } catch (error) {
      throw rruleRefusal(error);
    }
  }

  private async mergedValues(row: EventRow, patch: EventPatch): Promise<EventValues> {
    if (patch.cancelled) {
      throw ServiceError.invalid([
        { field: 'cancelled', reason: 'cancels one occurrence (?occurrence=); DELETE cancels the event' },
      ]);
    }
    const allDay = patch.allDay ?? row.allDay;
    const timeZone = patch.timeZone ?? row.timeZone;
    if ((allDay !== row.allDay || timeZone !== row.timeZone) && (!patch.startsAt || !patch.endsAt)) {
      throw ServiceError.invalid([
        { field: 'startsAt', reason: 'changing allDay or timeZone takes startsAt and endsAt too' },
      ]);
    }
    return this.withSpan({
      title: patch.title ?? row.title,
      description: patch.description ?? row.description,
      location: patch.location ?? row.location,
      startsAt: patch.startsAt ? toStoredTime('startsAt', patch.startsAt, allDay, timeZone) : row.startsAt,
      endsAt: patch.endsAt ? toStoredTime('endsAt', patch.endsAt, allDay, timeZone) : row.endsAt,
      allDay,
      timeZone,
      rrule: patch.rrule === undefined ? row.rrule : checkedRrule(patch.rrule),
      exdates: (patch.exdates ?? row.exdates).map((date) => new Date(date).toISOString()),
      visibility: patch.visibility ?? row.visibility,
      data: patch.data ?? row.data,
    });
  }

  private exceptionValues(row: EventRow, patch: EventPatch): ExceptionValues {
    const refused = Object.keys(patch).filter((field) => !OCCURRENCE_FIELDS.has(field));
    if (refused.length > 0) {
      throw ServiceError.invalid(
        refused.map((field) => ({ field, reason: 'changes the whole series, not one occurrence' })),
      );
    }
    const values: ExceptionValues = {
      cancelled: patch.cancelled,
      title: patch.title,
      description: patch.description,
      location: patch.location,
      startsAt: patch.startsAt
        ? toStoredTime('startsAt', patch.startsAt, row.allDay, row.timeZone)
        : undefined,
      endsAt: patch.endsAt ? toStoredTime('endsAt', patch.endsAt, row.allDay, row.timeZone) : undefined,
      data: patch.data,
    };
    if (values.startsAt && values.endsAt) assertOrdered(values.startsAt, values.endsAt);
    if (values.startsAt && !values.endsAt) {
      // Moved: keeps the series' duration.
      values.endsAt = new Date(
        new Date(values.startsAt).getTime() +
          new Date(row.endsAt).getTime() -
          new Date(row.startsAt).getTime(),
      ).toISOString();
    }
    if (values.endsAt && !values.startsAt) {
      throw ServiceError.invalid([{ field: 'startsAt', reason: 'an occurrence takes startsAt with endsAt' }]);
    }
    return values;
  }
}
