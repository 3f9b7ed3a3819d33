import { Injectable } from '@nestjs/common';
import type { AttendanceStatus, ResponseOf, attendanceSet } from '@vv/contracts';
import { ServiceError, type Actor } from '@vv/platform';
import { SINGLE_EVENT_OCCURRENCE } from '../events/event-row';
import { EventsService } from '../events/events.service';
import { AttendanceRepository } from './attendance.repository';

/**
 * RSVPs: any member of the village answers yes/no/maybe, per occurrence for a series
 * (`occurrence` = its original start), for the whole event otherwise.
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly events: EventsService,
    private readonly attendance: AttendanceRepository,
  ) {}

  async set(
    actor: Actor,
    eventId: string,
    status: AttendanceStatus,
    occurrence?: string,
  ): Promise<ResponseOf<typeof attendanceSet>> {
    const row = await this.events.attendableRow(actor, eventId);
    let key = SINGLE_EVENT_OCCURRENCE;
    if (row.rrule !== null) {
      if (occurrence === undefined) {
        throw ServiceError.invalid([
          { field: 'occurrence', reason: 'a recurring event takes the occurrence' },
        ]);
      }
      key = await this.events.checkedOccurrence(row, occurrence);
      const exception = row.exceptions.find(
        (candidate) => new Date(candidate.originalStart).toISOString() === key,
      );
      if (exception?.cancelled) throw new ServiceError('not_found', 'The occurrence is cancelled');
    } else if (
      occurrence !== undefined &&
      new Date(occurrence).getTime() !== new Date(row.startsAt).getTime()
    ) {
      throw ServiceError.invalid([
        { field: 'occurrence', reason: 'a single event has one occurrence: its start' },
      ]);
    }
    const result = await this.attendance.set(eventId, actor.userId, key, status);
    if (!result) throw new ServiceError('not_found', 'No such event');
    return {
      eventId,
      occurrence: result.occurrenceStart,
      status: result.status,
      attendance: { yes: result.yes, no: result.no, maybe: result.maybe },
    };
  }
}
