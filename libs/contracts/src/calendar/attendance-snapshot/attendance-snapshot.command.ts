import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { isoTimestamp, uuid } from '../../common/schemas';
import { snapshotPage, snapshotRequest, snapshotVersion } from '../../common/snapshot';
import { attendanceStatus } from '../event/event.schema';

/**
 * Service-to-service: every answer to an event that is not cancelled (`occurrenceStart` null: the
 * single event), in keyset pages, for notifications to rebuild who attends what.
 */
export const attendanceSnapshot = defineCommand({
  service: 'calendar',
  name: 'attendance.snapshot',
  version: 1,
  summary: 'Internal: every answer to a live event, paged, to rebuild attendance notifications keeps',
  request: snapshotRequest,
  response: snapshotPage(
    z.object({
      eventId: uuid,
      villageId: uuid,
      memberId: uuid,
      occurrenceStart: isoTimestamp.nullable(),
      status: attendanceStatus,
      versionAt: snapshotVersion,
    }),
  ),
});
