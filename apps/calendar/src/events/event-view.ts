import type { AttendanceCounts, AttendanceStatus, CalendarEvent, EventOccurrence } from '@vv/contracts';
import type { EventRow } from './event-row';
import { instantToDate, type Occurrence } from './recurrence';

const iso = (value: string): string => new Date(value).toISOString();

/** An instant as the API shows it: a local date for an all-day event, else ISO UTC. */
export const showTime = (event: Pick<EventRow, 'allDay' | 'timeZone'>, instant: string): string =>
  event.allDay ? instantToDate(instant, event.timeZone) : iso(instant);

/** An event as the caller sees it: everything, or for a busy event seen by others, when only. */
export function toCalendarEvent(row: EventRow, details: boolean): CalendarEvent {
  const common = {
    id: row.id,
    villageId: row.villageId,
    startsAt: showTime(row, row.startsAt),
    endsAt: showTime(row, row.endsAt),
    allDay: row.allDay,
    timeZone: row.timeZone,
    rrule: row.rrule,
    exdates: row.exdates.map(iso),
    cancelled: row.cancelledAt !== null,
  };
  if (!details) return { ...common, busy: true };
  return {
    ...common,
    busy: false,
    createdBy: row.createdBy,
    title: row.title,
    description: row.description,
    location: row.location,
    visibility: row.visibility,
    exceptions: row.exceptions.map((exception) => ({
      ...exception,
      originalStart: iso(exception.originalStart),
      startsAt: exception.startsAt === null ? null : showTime(row, exception.startsAt),
      endsAt: exception.endsAt === null ? null : showTime(row, exception.endsAt),
    })),
    data: row.data,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** One occurrence as the caller sees it. */
export function toOccurrence(
  row: EventRow,
  occurrence: Occurrence,
  details: boolean,
  attendance: { counts: AttendanceCounts; myStatus: AttendanceStatus | null },
): EventOccurrence {
  const common = {
    id: row.id,
    villageId: row.villageId,
    originalStart: occurrence.originalStart,
    startsAt: showTime(row, occurrence.startsAt),
    endsAt: showTime(row, occurrence.endsAt),
    allDay: row.allDay,
  };
  if (!details) return { ...common, busy: true };
  const exception = row.exceptions.find(
    (candidate) => iso(candidate.originalStart) === occurrence.originalStart,
  );
  return {
    ...common,
    busy: false,
    timeZone: row.timeZone,
    recurring: row.rrule !== null,
    modified: exception !== undefined,
    createdBy: row.createdBy,
    title: exception?.title ?? row.title,
    description: exception?.description ?? row.description,
    location: exception?.location ?? row.location,
    visibility: row.visibility,
    data: exception?.data ?? row.data,
    attendance: attendance.counts,
    myStatus: attendance.myStatus,
  };
}
