import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { unreadCount } from '../conversation/conversation.schema';

/** The body of `POST /v1/villages/{villageId}/broadcasts/read`. */
export const broadcastReadFields = z.strictObject({ upToBroadcastId: uuid });

export const broadcastMarkRead = defineCommand({
  service: 'messaging',
  name: 'broadcast.mark_read',
  version: 1,
  summary: "Move my read cursor of a village's broadcasts forward (never back); shared by all my devices",
  request: broadcastReadFields.extend({ villageId: uuid }),
  response: z.object({
    villageId: uuid,
    readUpToBroadcastId: uuid.nullable(),
    unreadBroadcasts: unreadCount,
  }),
});
