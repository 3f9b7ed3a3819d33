import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { broadcast, broadcastFields } from '../broadcast/broadcast.schema';

export const broadcastSend = defineCommand({
  service: 'messaging',
  name: 'broadcast.send',
  version: 1,
  summary: 'Send a message to every villager (broadcasts.send: admins, or an app role granting it)',
  request: broadcastFields.extend({ villageId: uuid }),
  response: broadcast,
});
