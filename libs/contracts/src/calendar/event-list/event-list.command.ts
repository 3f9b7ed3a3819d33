import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { calendarInstant, eventOccurrence } from '../event/event.schema';

/** `?from=&to=`: the window (ISO instants in the calendar's years, `to` exclusive, at most 366 days). */
export const eventListQuery = z.strictObject({ from: calendarInstant, to: calendarInstant });

export const eventList = defineCommand({
  service: 'calendar',
  name: 'event.list',
  version: 1,
  summary:
    "A village's occurrences in [from, to) (max 366 days, at most 2000 occurrences), recurring events expanded in their time zone, with attendance counts (village.read)",
  request: eventListQuery.extend({ villageId: uuid }),
  response: z.object({ items: z.array(eventOccurrence) }),
});
