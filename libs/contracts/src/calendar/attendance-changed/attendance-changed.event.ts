import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { isoTimestamp, uuid } from '../../common/schemas';
import { attendanceStatus } from '../event/event.schema';

export const attendanceChanged = defineEvent({
  service: 'calendar',
  name: 'attendance.changed',
  version: 1,
  summary: "A member's RSVP to an event (or one occurrence: `occurrenceStart`) changed",
  data: z.object({
    eventId: uuid,
    villageId: uuid,
    memberId: uuid,
    occurrenceStart: isoTimestamp.nullable(),
    status: attendanceStatus,
    previousStatus: attendanceStatus.nullable(),
  }),
});
