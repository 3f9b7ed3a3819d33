import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty } from '../../common/schemas';

export const vapidKeyGet = defineCommand({
  service: 'notifications',
  name: 'vapid_key.get',
  version: 1,
  summary:
    "The VAPID public key (base64url) a browser subscribes with, as PushManager.subscribe's applicationServerKey",
  request: empty,
  response: z.object({ publicKey: z.string() }),
});
