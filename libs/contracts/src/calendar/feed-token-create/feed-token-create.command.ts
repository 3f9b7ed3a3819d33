import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';

/** A member's secret feed token (shown once) and the feed's URL carrying it. */
export const feedToken = z.strictObject({
  /** 32 random bytes, base64url; only its sha256 is stored. */
  token: z.string(),
  /** The feed's URL (`…/v1/villages/{villageId}/calendar.ics?token=…`). */
  url: z.string(),
});
export type FeedToken = z.infer<typeof feedToken>;

export const feedTokenCreate = defineCommand({
  service: 'calendar',
  name: 'feed_token.create',
  version: 1,
  summary:
    "Create the caller's iCalendar feed token for a village they belong to (village.read, members only); revokes their previous one",
  request: z.strictObject({ villageId: uuid }),
  response: feedToken,
});
