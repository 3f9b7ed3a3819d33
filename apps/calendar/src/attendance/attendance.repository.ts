import { Injectable } from '@nestjs/common';
import type { AttendanceStatus } from '@vv/contracts';
import { Database } from '@vv/platform';

export interface AttendanceRow {
  eventId: string;
  occurrenceStart: string | null;
  status: AttendanceStatus;
  yes: number;
  no: number;
  maybe: number;
}

/** The only file of the attendance module that calls SQL. */
@Injectable()
export class AttendanceRepository {
  constructor(private readonly db: Database) {}

  /** Stores the RSVP (attendance.changed when it changed) and returns the occurrence's counts. */
  set(
    eventId: string,
    memberId: string,
    occurrenceStart: string,
    status: AttendanceStatus,
  ): Promise<AttendanceRow | undefined> {
    return this.db.maybeOne<AttendanceRow>('calendar.set_attendance', {
      eventId,
      memberId,
      occurrenceStart,
      status,
    });
  }
}
