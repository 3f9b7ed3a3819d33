/** The fields every calendar event's payload carries (contracts' calendarEventEventFields), for a single event. */
export const calendarEventFields = (eventId: string, villageId: string, createdBy: string) => ({
  eventId,
  villageId,
  createdBy,
  title: 'Picnic',
  startsAt: '2030-06-01T10:00:00.000Z',
  endsAt: '2030-06-01T12:00:00.000Z',
  allDay: false,
  timeZone: 'UTC',
  rrule: null,
  visibility: 'village' as const,
});
