import { Injectable } from '@nestjs/common';
import { Access, type AccessFacts, type ReadWithMembership } from '@vv/access';
import type { Permission, TopicPatch } from '@vv/contracts';
import { ServiceError, type Actor } from '@vv/platform';
import type { TopicRow } from './topic-row';

/** Topic permissions: reading is reading the village; moderation is pin/lock/archive/delete. */
export const TOPIC_PERMISSIONS = {
  read: 'village.read',
  create: 'topics.create',
  post: 'topics.post',
  moderate: 'topics.moderate',
} as const satisfies Record<string, Permission>;

const MODERATED_FIELDS = ['pinned', 'locked', 'archived'] as const;

/**
 * Who may do what with topics. A private village's topics are `not_found` to outsiders; members
 * lacking a permission get `forbidden`. Title, description and data: a moderator, or the creator
 * while they may still create topics (a former member is an outsider). Pin, lock, archive, delete:
 * moderators. Fixed topics (app/topics) are never deleted through the API.
 */
@Injectable()
export class TopicsPolicy {
  constructor(private readonly access: Access) {}

  async assertRead(actor: Actor, villageId: string): Promise<void> {
    await this.access.assert(actor, TOPIC_PERMISSIONS.read, villageId);
  }

  /** `assertRead` on the facts a read brought back with its data (one round trip): the data, or the refusal. */
  readWith<T>(actor: Actor, read: () => Promise<ReadWithMembership<T>>): Promise<T> {
    return this.access.assertRead(actor, TOPIC_PERMISSIONS.read, read);
  }

  /** readWith, with the facts it decided on (for a further permission in the same village). */
  readWithFacts<T>(
    actor: Actor,
    read: () => Promise<ReadWithMembership<T>>,
  ): Promise<{ data: T; facts: AccessFacts }> {
    return this.access.assertReadFacts(actor, TOPIC_PERMISSIONS.read, read);
  }

  async assertCreate(actor: Actor, villageId: string): Promise<void> {
    await this.access.assert(actor, TOPIC_PERMISSIONS.create, villageId);
  }

  async assertUpdate(actor: Actor, topic: TopicRow, patch: TopicPatch): Promise<void> {
    const moderated = MODERATED_FIELDS.some((field) => patch[field] !== undefined);
    await this.access.assertChange(
      actor,
      {
        // Pinning, locking and archiving are moderation, whoever created the topic.
        author: !moderated && topic.createdBy === actor.userId,
        own: TOPIC_PERMISSIONS.create,
        others: TOPIC_PERMISSIONS.moderate,
      },
      topic.villageId,
      moderated
        ? 'Only moderators pin, lock or archive a topic'
        : 'Only its creator (while they may create topics) or a moderator may change a topic',
    );
  }

  async assertDelete(actor: Actor, topic: TopicRow): Promise<void> {
    await this.access.assert(
      actor,
      TOPIC_PERMISSIONS.moderate,
      topic.villageId,
      'Only moderators delete a topic',
    );
    if (topic.fixedKey !== null) {
      throw new ServiceError('forbidden', 'A fixed topic of the app cannot be deleted');
    }
  }
}
