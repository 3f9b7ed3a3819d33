import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty, uuid } from '../../common/schemas';

export const eventCancel = defineCommand({
  service: 'calendar',
  name: 'event.cancel',
  version: 1,
  summary: 'Cancel an event (its creator or events.manage); it leaves every list, its row stays',
  request: z.strictObject({ eventId: uuid }),
  response: empty,
});
