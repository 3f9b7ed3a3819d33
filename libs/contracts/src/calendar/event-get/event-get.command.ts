import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { calendarEvent } from '../event/event.schema';

export const eventGet = defineCommand({
  service: 'calendar',
  name: 'event.get',
  version: 1,
  summary: 'Read an event (village.read); a busy event shows only its times to others',
  request: z.strictObject({ eventId: uuid }),
  response: calendarEvent,
});
