import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { calendarEventEventFields, occurrenceChange } from '../event/event.schema';

export const calendarEventCancelled = defineEvent({
  service: 'calendar',
  name: 'calendar_event.cancelled',
  version: 1,
  summary: 'An event was cancelled (`occurrence` null) or one occurrence of a series was (`occurrence`)',
  data: z.object({ ...calendarEventEventFields, occurrence: occurrenceChange }),
});
