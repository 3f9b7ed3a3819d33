import { Injectable } from '@nestjs/common';
import type { AppTopicsDocument, TopicFields, TopicPatch } from '@vv/contracts';
import { membershipOf, type ReadWithMembership } from '@vv/access';
import { Database, type SqlCaller } from '@vv/platform';
import type { TopicRow, TopicWithMembershipRow } from './topic-row';

export interface TopicListQuery {
  villageId: string;
  archived: boolean;
  /** Rows to fetch (a page's limit + 1, to know whether there is a next page). */
  limit: number;
  before?: { pinned: boolean; createdAt: string; id: string };
}

const isTopic = (row: TopicWithMembershipRow): row is TopicWithMembershipRow & TopicRow => row.id !== null;

const json = (value: unknown): string | undefined =>
  value === undefined ? undefined : JSON.stringify(value);

/** The only file of the topics module that calls SQL. */
@Injectable()
export class TopicsRepository {
  constructor(private readonly db: Database) {}

  /** A page of the village's topics with the replica's facts for (village, actor): one statement. */
  async listWithMembership(query: TopicListQuery, actorId: string): Promise<ReadWithMembership<TopicRow[]>> {
    const rows = await this.db.call<TopicWithMembershipRow>('messaging.list_topics_with_membership', {
      villageId: query.villageId,
      actorId,
      limit: query.limit,
      archived: query.archived,
      beforePinned: query.before?.pinned,
      beforeCreatedAt: query.before?.createdAt,
      beforeId: query.before?.id,
    });
    // Always a row: one without a topic when the page is empty.
    return { villageId: query.villageId, membership: membershipOf(rows[0]), data: rows.filter(isTopic) };
  }

  /** The topic with the replica's facts for (its village, actor): one statement; undefined when there is none. */
  async getWithMembership(
    topicId: string,
    actorId: string,
  ): Promise<ReadWithMembership<TopicRow> | undefined> {
    const row = await this.db.maybeOne<TopicWithMembershipRow>('messaging.get_topic_with_membership', {
      topicId,
      actorId,
    });
    if (row === undefined || !isTopic(row)) return undefined;
    return { villageId: row.villageId, membership: membershipOf(row), data: row };
  }

  get(topicId: string): Promise<TopicRow | undefined> {
    return this.db.maybeOne<TopicRow>('messaging.get_topic', { topicId });
  }

  /** Those of `topicIds` that are topics of the village. */
  async idsInVillage(villageId: string, topicIds: readonly string[]): Promise<string[]> {
    const rows = await this.db.call<{ id: string }>('messaging.find_village_topic_ids', {
      villageId,
      topicIds,
    });
    return rows.map((row) => row.id);
  }

  /** The topic with topic.created. */
  create(villageId: string, actorId: string, fields: TopicFields): Promise<TopicRow> {
    return this.db.one<TopicRow>('messaging.create_topic', {
      villageId,
      actorId,
      title: fields.title,
      description: fields.description,
      data: json(fields.data),
    });
  }

  /** Applies the patch with topic.updated; undefined when the topic is gone. */
  update(topicId: string, actorId: string, patch: TopicPatch): Promise<TopicRow | undefined> {
    return this.db.maybeOne<TopicRow>('messaging.update_topic', {
      topicId,
      actorId,
      title: patch.title,
      description: patch.description,
      data: json(patch.data),
      pinned: patch.pinned,
      locked: patch.locked,
      archived: patch.archived,
    });
  }

  /** Removes a villager's topic with topic.deleted; false when there is none (fixed topics never go). */
  async delete(topicId: string, actorId: string): Promise<boolean> {
    const row = await this.db.maybeOne<{ topicId: string }>('messaging.delete_topic', { topicId, actorId });
    return row !== undefined;
  }

  /** Stores `app/topics` (unless newer is stored) and ensures its fixed topics in every known village. */
  async applyAppTopics(
    tx: SqlCaller,
    topics: AppTopicsDocument,
    documentVersion: number,
    occurredAt?: string,
  ): Promise<number> {
    const row = await tx.one<{ applyAppTopics: number }>('messaging.apply_app_topics', {
      topics: JSON.stringify(topics),
      documentVersion,
      occurredAt,
    });
    return row.applyAppTopics;
  }

  /** A new village's fixed topics (from the stored `app/topics`); none when it is known deleted. */
  async createFixedTopics(tx: SqlCaller, villageId: string): Promise<number> {
    const row = await tx.one<{ createVillageFixedTopics: number }>('messaging.create_village_fixed_topics', {
      villageId,
    });
    return row.createVillageFixedTopics;
  }

  /** village.deleted, into the membership replica (libs/access SQL in this schema): final, whatever arrives later. */
  async villageDeleted(
    tx: SqlCaller,
    deletion: { villageId: string; occurredAt: string; eventId: string },
  ): Promise<void> {
    await tx.call('messaging.apply_village_event', { ...deletion, visibility: null, deleted: true });
  }

  /** Runs `work` in one transaction (the read of `app/topics` at start). */
  transaction<T>(work: (tx: SqlCaller) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
