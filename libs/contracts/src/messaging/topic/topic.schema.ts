import { z } from 'zod';
import { dataField, isoTimestamp, uuid } from '../../common/schemas';

export const topicTitle = z.string().trim().min(1).max(200);
export const TOPIC_DESCRIPTION_MAX = 4000;
export const topicDescription = z.string().max(TOPIC_DESCRIPTION_MAX);

/** The key of an app-defined fixed topic in `app/topics`. */
export const fixedTopicKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (≤ 64)');

/**
 * Metadata `app/topics`: the app's fixed topics, created in every village (once per key) and not
 * deletable by villagers, e.g. `{ "announcements": { "title": "Announcements", "locked": true } }`.
 * `locked` applies when the topic is created; later changes to the document update title and
 * description only (moderators own pin/lock/archive). A key the document drops keeps its topic.
 */
export const appTopicsDocument = z.record(
  fixedTopicKey,
  z.strictObject({
    title: topicTitle,
    description: topicDescription.optional(),
    locked: z.boolean().optional(),
  }),
);
export type AppTopicsDocument = z.output<typeof appTopicsDocument>;

/**
 * A message board of a village. `fixed` topics come from `app/topics`; pinned ones list first;
 * a locked topic takes posts from moderators only; an archived one takes none and is left out of
 * the default list.
 */
export const topic = z.object({
  id: uuid,
  villageId: uuid,
  title: z.string(),
  description: z.string(),
  fixed: z.boolean(),
  /** The `app/topics` key of a fixed topic; null for a villager's topic. */
  fixedKey: z.string().nullable(),
  createdBy: uuid.nullable(),
  pinned: z.boolean(),
  locked: z.boolean(),
  archived: z.boolean(),
  data: z.record(z.string(), z.unknown()),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Topic = z.output<typeof topic>;

/** The body of `POST /v1/villages/{villageId}/topics`. */
export const topicFields = z.strictObject({
  title: topicTitle,
  description: topicDescription.optional(),
  data: dataField.optional(),
});
export type TopicFields = z.output<typeof topicFields>;

/**
 * The body of `PATCH /v1/topics/{id}`: title, description and data by the creator or a moderator;
 * pinned, locked and archived by moderators (`topics.moderate`).
 */
export const topicPatch = z
  .strictObject({
    title: topicTitle.optional(),
    description: topicDescription.optional(),
    data: dataField.optional(),
    pinned: z.boolean().optional(),
    locked: z.boolean().optional(),
    archived: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });
export type TopicPatch = z.output<typeof topicPatch>;

/** Fields a topic update can change, as `topic.updated` names them. */
export const TOPIC_FIELDS = ['title', 'description', 'data', 'pinned', 'locked', 'archived'] as const;

/** The fields of a topic as its events carry them. */
export const topicEventFields = {
  topicId: uuid,
  villageId: uuid,
  fixedKey: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  createdBy: uuid.nullable(),
  pinned: z.boolean(),
  locked: z.boolean(),
  archived: z.boolean(),
  data: z.record(z.string(), z.unknown()),
};
