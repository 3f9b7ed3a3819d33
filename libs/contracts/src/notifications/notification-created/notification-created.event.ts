import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { isoTimestamp, uuid } from '../../common/schemas';
import { notificationKind, notificationSubject } from '../notification/notification.schema';

/**
 * Published for every in-app notification, for the user it is for (`userId`): the gateway's
 * stream delivers it to that user only. The envelope's `villageId` is null (the event belongs to
 * the user, not to the village: it is never fanned out to a village's members or webhooks);
 * `data.villageId` names the village.
 */
export const notificationCreated = defineEvent({
  service: 'notifications',
  name: 'notification.created',
  version: 1,
  summary: 'An in-app notification was made for a user (delivered live to that user only)',
  data: z.object({
    notificationId: uuid,
    userId: uuid,
    villageId: uuid.nullable(),
    kind: notificationKind,
    actorId: uuid.nullable(),
    subject: notificationSubject,
    data: z.record(z.string(), z.unknown()),
    occurredAt: isoTimestamp,
    createdAt: isoTimestamp,
  }),
});
