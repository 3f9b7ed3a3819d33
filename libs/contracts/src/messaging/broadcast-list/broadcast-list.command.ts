import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { pageQuery, uuid } from '../../common/schemas';
import { broadcast } from '../broadcast/broadcast.schema';
import { unreadCount } from '../conversation/conversation.schema';

export const broadcastList = defineCommand({
  service: 'messaging',
  name: 'broadcast.list',
  version: 1,
  summary: "A village's broadcasts, newest first, with how many the caller has not read",
  request: pageQuery.extend({ villageId: uuid }),
  response: z.object({
    items: z.array(broadcast),
    nextCursor: z.string().nullable(),
    /** Broadcasts after the caller's read cursor (all, for a member who never read); exact below the cap. Null for a non-member reading a public village. */
    unreadBroadcasts: unreadCount.nullable(),
    /** The caller's broadcast read cursor; null when they never read. */
    readUpToBroadcastId: uuid.nullable(),
  }),
});
