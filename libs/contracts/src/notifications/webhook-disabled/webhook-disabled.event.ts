import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { isoTimestamp, uuid } from '../../common/schemas';

export const webhookDisabled = defineEvent({
  service: 'notifications',
  name: 'webhook.disabled',
  version: 1,
  summary:
    "A webhook failing since failingSince for longer than allowed was disabled; its creator and the village's webhooks.manage holders are told",
  data: z.object({
    webhookId: uuid,
    villageId: uuid,
    /** Who registered it: the person to notify. */
    createdBy: uuid,
    failingSince: isoTimestamp,
    disabledAt: isoTimestamp,
  }),
});
