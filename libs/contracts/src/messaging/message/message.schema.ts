import { z } from 'zod';
import { dataField, isoTimestamp, uuid } from '../../common/schemas';

const utf8 = new TextEncoder();

/** Bytes of UTF-8 a message or broadcast body may hold. */
export const MESSAGE_BODY_MAX_BYTES = 16 * 1024;
/** File ids a message may carry. */
export const MESSAGE_ATTACHMENTS_MAX = 10;

/** A message or broadcast body: 1 character to 16 KiB of UTF-8. */
export const messageBody = z
  .string()
  .min(1)
  .refine((value) => utf8.encode(value).length <= MESSAGE_BODY_MAX_BYTES, {
    message: `must be at most ${MESSAGE_BODY_MAX_BYTES} bytes of UTF-8`,
  })
  .refine((value) => value.trim().length > 0, { message: 'must not be blank' });

/**
 * A direct message. A deleted message stays in its conversation as a tombstone: `deletedAt` set,
 * `body` empty, no attachments, `data` empty.
 */
export const message = z.object({
  id: uuid,
  conversationId: uuid,
  villageId: uuid,
  authorId: uuid,
  body: z.string(),
  /**
   * File ids (files service), each listed once: on send, messaging asks files (`file.check_use`)
   * that each is a ready file of the conversation's village the sender may read (see
   * apps/messaging/README.md).
   */
  attachments: z.array(uuid),
  data: z.record(z.string(), z.unknown()),
  editedAt: isoTimestamp.nullable(),
  deletedAt: isoTimestamp.nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Message = z.output<typeof message>;

/** The body of `POST /v1/conversations/{id}/messages`. */
export const messageFields = z.strictObject({
  body: messageBody,
  attachments: z.array(uuid).max(MESSAGE_ATTACHMENTS_MAX).optional(),
  data: dataField.optional(),
});

/** The body of `PATCH /v1/messages/{id}`: the author changes the body and/or data. */
export const messagePatch = z
  .strictObject({ body: messageBody.optional(), data: dataField.optional() })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });
export type MessagePatch = z.output<typeof messagePatch>;

/** What every message event carries: who to tell (`recipientIds`: the members but the author). */
export const messageEventFields = {
  conversationId: uuid,
  messageId: uuid,
  villageId: uuid,
  authorId: uuid,
  /** The conversation's members other than the author, without those known to have left the village. */
  recipientIds: z.array(uuid),
};
