import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { calendarEvent, calendarInstant, eventPatch } from '../event/event.schema';

export const eventUpdate = defineCommand({
  service: 'calendar',
  name: 'event.update',
  version: 1,
  summary:
    'Change an event, or with `occurrence` one occurrence of a series (an exception, `cancelled: true` drops it); its creator or events.manage',
  request: z.strictObject({ eventId: uuid, occurrence: calendarInstant.optional(), patch: eventPatch }),
  response: calendarEvent,
});
