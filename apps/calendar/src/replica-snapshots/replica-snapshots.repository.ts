import { Injectable } from '@nestjs/common';
import type { AttendanceStatus } from '@vv/contracts';
import { Database } from '@vv/platform';

export interface AttendanceSnapshotRow {
  eventId: string;
  villageId: string;
  memberId: string;
  occurrenceStart: string | null;
  /** The occurrence as the cursor carries it ('-infinity' for a single event). */
  occurrenceKey: string;
  status: AttendanceStatus;
  versionAt: string;
}

/** The only file of the replica snapshots that calls SQL (db/calendar/0005_attendance_snapshot.sql). */
@Injectable()
export class ReplicaSnapshotsRepository {
  constructor(private readonly db: Database) {}

  attendance(
    after: readonly [string, string, string] | null,
    limit: number,
  ): Promise<AttendanceSnapshotRow[]> {
    return this.db.call<AttendanceSnapshotRow>('calendar.snapshot_attendance', {
      afterEventId: after?.[0] ?? null,
      afterOccurrence: after?.[1] ?? null,
      afterMemberId: after?.[2] ?? null,
      limit,
    });
  }
}
