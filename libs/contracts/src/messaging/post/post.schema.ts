import { z } from 'zod';
import { dataField, isoTimestamp, uuid } from '../../common/schemas';

const utf8 = new TextEncoder();

/** Bytes of UTF-8 a post body may hold. */
export const POST_BODY_MAX_BYTES = 16 * 1024;

/** A post body: 1 character to 16 KiB of UTF-8, not blank. */
export const postBody = z
  .string()
  .min(1)
  .refine((value) => utf8.encode(value).length <= POST_BODY_MAX_BYTES, {
    message: `must be at most ${POST_BODY_MAX_BYTES} bytes of UTF-8`,
  })
  .refine((value) => value.trim().length > 0, { message: 'must not be blank' });

/**
 * A post of a topic. A top-level post (`parentId` null) starts a thread and carries its
 * `replyCount`, `lastReplyAt` and `lastActivityAt`; a reply (`parentId` = the top-level post) has
 * none (0 / null / its creation). A deleted top-level post with replies stays as a tombstone:
 * `deletedAt` set, `body` empty, `data` empty. `reactions` counts each emoji; `myReactions` lists
 * the caller's own.
 */
export const post = z.object({
  id: uuid,
  topicId: uuid,
  villageId: uuid,
  parentId: uuid.nullable(),
  authorId: uuid,
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  replyCount: z.number().int().nonnegative(),
  lastReplyAt: isoTimestamp.nullable(),
  lastActivityAt: isoTimestamp,
  reactions: z.record(z.string(), z.number().int().positive()),
  myReactions: z.array(z.string()),
  editedAt: isoTimestamp.nullable(),
  deletedAt: isoTimestamp.nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Post = z.output<typeof post>;

/**
 * The body of `POST /v1/topics/{id}/posts`. `parentId` names a top-level post of the same topic
 * (one level of threading); a reply to a reply is `invalid`.
 */
export const postFields = z.strictObject({
  body: postBody,
  parentId: uuid.optional(),
  data: dataField.optional(),
});

/** The body of `PATCH /v1/posts/{id}`: the author or a moderator changes the body and/or data. */
export const postPatch = z
  .strictObject({ body: postBody.optional(), data: dataField.optional() })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });
export type PostPatch = z.output<typeof postPatch>;

/** Fields a post edit can change, as `post.edited` names them. */
export const POST_FIELDS = ['body', 'data'] as const;

/** The ids every post event carries. */
export const postEventFields = {
  postId: uuid,
  topicId: uuid,
  villageId: uuid,
  /** The thread's top-level post; null for a top-level post. */
  parentId: uuid.nullable(),
  authorId: uuid,
};
