import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty, uuid } from '../../common/schemas';

export const feedTokenRevoke = defineCommand({
  service: 'calendar',
  name: 'feed_token.revoke',
  version: 1,
  summary: "Revoke the caller's iCalendar feed token for a village (not_found when there is none)",
  request: z.strictObject({ villageId: uuid }),
  response: empty,
});
