import type { ReplicaSource } from '@vv/access';
import { attendanceSnapshot, type ResponseOf } from '@vv/contracts';
import type { AudienceRepository } from './audience.repository';

export type AttendanceSnapshotItem = ResponseOf<typeof attendanceSnapshot>['items'][number];

/** The attendance bootstrap (a ReplicaBootstrap provider), hook of `notifications-inbox-calendar`. */
export const ATTENDANCE_BOOTSTRAP = Symbol('notifications:attendance-bootstrap');

/** Event attendance, rebuilt from calendar's `attendance.snapshot`, kept by the inbox consumer of calendar's stream. */
export const attendanceSource = (audiences: AudienceRepository): ReplicaSource<AttendanceSnapshotItem> => ({
  name: 'attendance',
  command: attendanceSnapshot,
  store: (tx, items, syncedAt) => audiences.storeAttendanceSnapshot(tx, items, syncedAt),
  sweep: (tx, syncedAt) => audiences.sweepAttendance(tx, syncedAt),
});
