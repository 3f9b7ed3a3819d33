import type { ReplicaSource } from '@vv/access';
import { attendanceSnapshot, type ResponseOf } from '@vv/contracts';
import type { AudienceRepository } from './audience.repository';

export type AttendanceSnapshotItem = ResponseOf<typeof attendanceSnapshot>['items'][number];

/**
 * Event attendance, rebuilt from calendar's `attendance.snapshot`, kept by the inbox consumer of
 * calendar's stream (`consumer`, its durable name).
 */
export const attendanceSource = (
  audiences: AudienceRepository,
  consumer: string,
): ReplicaSource<AttendanceSnapshotItem> => ({
  name: 'attendance',
  command: attendanceSnapshot,
  consumer: { producer: 'calendar', name: consumer },
  store: (tx, items, syncedAt) => audiences.storeAttendanceSnapshot(tx, items, syncedAt),
  sweep: (tx, syncedAt) => audiences.sweepAttendance(tx, syncedAt),
});
