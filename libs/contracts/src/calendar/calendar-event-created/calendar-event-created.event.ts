import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { calendarEventEventFields } from '../event/event.schema';

export const calendarEventCreated = defineEvent({
  service: 'calendar',
  name: 'calendar_event.created',
  version: 1,
  summary: 'An event (single or recurring) was created',
  data: z.object({ ...calendarEventEventFields, data: z.record(z.string(), z.unknown()) }),
});
