import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { isoTimestamp, uuid } from '../../common/schemas';
import { attendanceCounts, attendanceStatus, calendarInstant } from '../event/event.schema';

/** The body of `PUT /v1/events/{id}/attendance`; `occurrence` (its original start) for a recurring event. */
export const attendanceFields = z.strictObject({
  status: attendanceStatus,
  occurrence: calendarInstant.optional(),
});

export const attendanceSet = defineCommand({
  service: 'calendar',
  name: 'attendance.set',
  version: 1,
  summary: 'RSVP yes/no/maybe to an event or one occurrence of a series (village.read)',
  request: attendanceFields.extend({ eventId: uuid }),
  response: z.object({
    eventId: uuid,
    occurrence: isoTimestamp.nullable(),
    status: attendanceStatus,
    attendance: attendanceCounts,
  }),
});
