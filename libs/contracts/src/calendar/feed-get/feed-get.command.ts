import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';

/** The feed token of the query string: any string, so a malformed one is simply unknown (not_found). */
export const feedTokenParam = z.string().min(1).max(256);

export const feedGet = defineCommand({
  service: 'calendar',
  name: 'feed.get',
  version: 1,
  summary:
    "A village's events as an iCalendar feed (RFC 5545), authenticated by a member's feed token; not_found for an unknown or revoked token or a former member",
  request: z.strictObject({ villageId: uuid, token: feedTokenParam }),
  /** `ics`: the VCALENDAR text (the gateway answers it as `text/calendar`). */
  response: z.strictObject({ ics: z.string() }),
});
