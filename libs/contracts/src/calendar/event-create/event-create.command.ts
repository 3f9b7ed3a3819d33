import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { calendarEvent, eventFields } from '../event/event.schema';

export const eventCreate = defineCommand({
  service: 'calendar',
  name: 'event.create',
  version: 1,
  summary: 'Create an event, single or recurring (events.create)',
  request: eventFields.extend({ villageId: uuid }),
  response: calendarEvent,
});
