// Calendar's messages: one folder per message, exported here and registered in ../catalogue/.
export {};
export * from './feed-get/feed-get.command';
export * from './feed-token-create/feed-token-create.command';
export * from './feed-token-revoke/feed-token-revoke.command';
// Events, recurrence and attendance.
export * from './event/event.schema';
export { eventCreate } from './event-create/event-create.command';
export { eventList, eventListQuery } from './event-list/event-list.command';
export { eventGet } from './event-get/event-get.command';
export { eventUpdate } from './event-update/event-update.command';
export { eventCancel } from './event-cancel/event-cancel.command';
export { attendanceSet, attendanceFields } from './attendance-set/attendance-set.command';
export { calendarEventCreated } from './calendar-event-created/calendar-event-created.event';
export { calendarEventUpdated } from './calendar-event-updated/calendar-event-updated.event';
export { calendarEventCancelled } from './calendar-event-cancelled/calendar-event-cancelled.event';
export { attendanceChanged } from './attendance-changed/attendance-changed.event';
export { attendanceSnapshot } from './attendance-snapshot/attendance-snapshot.command';
