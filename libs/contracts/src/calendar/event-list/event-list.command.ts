import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { isoTimestamp, uuid } from '../../common/schemas';
import { eventOccurrence } from '../event/event.schema';

/** `?from=&to=`: the window (ISO instants, `to` exclusive, at most a year). */
export const eventListQuery = z.strictObject({ from: isoTimestamp, to: isoTimestamp });

export const eventList = defineCommand({
  service: 'calendar',
  name: 'event.list',
  version: 1,
  summary:
    "A village's occurrences in [from, to) (max 1 year), recurring events expanded in their time zone, with attendance counts (village.read)",
  request: eventListQuery.extend({ villageId: uuid }),
  response: z.object({ items: z.array(eventOccurrence) }),
});
