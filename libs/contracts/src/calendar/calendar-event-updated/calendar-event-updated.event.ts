import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { EVENT_FIELDS, calendarEventEventFields, occurrenceChange } from '../event/event.schema';

export const calendarEventUpdated = defineEvent({
  service: 'calendar',
  name: 'calendar_event.updated',
  version: 1,
  summary:
    'An event changed: the series (`changed` names the fields, `occurrence` null) or one occurrence (`occurrence`)',
  data: z.object({
    ...calendarEventEventFields,
    changed: z.array(z.enum(EVENT_FIELDS)),
    occurrence: occurrenceChange,
  }),
});
