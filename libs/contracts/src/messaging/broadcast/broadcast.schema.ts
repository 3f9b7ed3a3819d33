import { z } from 'zod';
import { dataField, isoTimestamp, uuid } from '../../common/schemas';
import { messageBody } from '../message/message.schema';

/** A message from an admin (or a role with `broadcasts.send`) to every villager. */
export const broadcast = z.object({
  id: uuid,
  villageId: uuid,
  authorId: uuid,
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Broadcast = z.output<typeof broadcast>;

/** The body of `POST /v1/villages/{villageId}/broadcasts`. */
export const broadcastFields = z.strictObject({ body: messageBody, data: dataField.optional() });
