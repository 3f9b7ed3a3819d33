import { Injectable } from '@nestjs/common';
import type { ParsedRequestOf, Topic, TopicFields, TopicPatch, topicList } from '@vv/contracts';
import type { AccessFacts } from '@vv/access';
import { cursorTimestamp, decodeCursor, pageOf, ServiceError, type Actor } from '@vv/platform';
import { z } from 'zod';
import { toTopic, type TopicRow } from './topic-row';
import { TopicsPolicy } from './topics.policy';
import { TopicsRepository } from './topics.repository';

/** The topic list's keyset: pinned (1/0), created_at, id. */
const topicKey = z.tuple([z.union([z.literal(0), z.literal(1)]), cursorTimestamp, z.uuid()]);

const notFound = (): ServiceError => new ServiceError('not_found', 'Topic not found');

/** A village's topics: members read and create them, moderators pin, lock, archive and delete. */
@Injectable()
export class TopicsService {
  constructor(
    private readonly repository: TopicsRepository,
    private readonly policy: TopicsPolicy,
  ) {}

  async list(
    actor: Actor,
    query: ParsedRequestOf<typeof topicList>,
  ): Promise<{ items: Topic[]; nextCursor: string | null }> {
    const before = decodeCursor(query.cursor, topicKey);
    // The caller's membership facts and the page in one statement; the page is dropped on a refusal.
    const rows = await this.policy.readWith(actor, () =>
      this.repository.listWithMembership(
        {
          villageId: query.villageId,
          archived: query.archived ?? false,
          limit: query.limit + 1,
          before: before && { pinned: before[0] === 1, createdAt: before[1], id: before[2] },
        },
        actor.userId,
      ),
    );
    return pageOf(rows, query.limit, (row) => [row.pinned ? 1 : 0, row.sortKey, row.id], toTopic);
  }

  async get(actor: Actor, topicId: string): Promise<Topic> {
    return toTopic(await this.readable(actor, topicId));
  }

  async create(actor: Actor, villageId: string, fields: TopicFields): Promise<Topic> {
    await this.policy.assertCreate(actor, villageId);
    return toTopic(await this.repository.create(villageId, actor.userId, fields));
  }

  async update(actor: Actor, topicId: string, patch: TopicPatch): Promise<Topic> {
    const topic = await this.repository.get(topicId);
    if (!topic) throw notFound();
    await this.policy.assertUpdate(actor, topic, patch);
    const row = await this.repository.update(topicId, actor.userId, patch);
    if (!row) throw notFound();
    return toTopic(row);
  }

  async delete(actor: Actor, topicId: string): Promise<void> {
    const topic = await this.repository.get(topicId);
    if (!topic) throw notFound();
    await this.policy.assertDelete(actor, topic);
    if (!(await this.repository.delete(topicId, actor.userId))) throw notFound();
  }

  /** For services storing topic ids: those of `topicIds` that are topics of a village the caller reads. */
  async checkIds(actor: Actor, villageId: string, topicIds: readonly string[]): Promise<string[]> {
    await this.policy.assertRead(actor, villageId);
    return this.repository.idsInVillage(villageId, topicIds);
  }

  /** The caller may read the village (`not_found` to outsiders of a private one). */
  assertReadVillage(actor: Actor, villageId: string): Promise<void> {
    return this.policy.assertRead(actor, villageId);
  }

  /** The topic, when the caller may read its village (`not_found` otherwise, as for no topic). */
  async readable(actor: Actor, topicId: string): Promise<TopicRow> {
    return (await this.readableWithFacts(actor, topicId)).topic;
  }

  /** readable(), with the membership facts it decided on (a post's permission is decided on them). */
  async readableWithFacts(actor: Actor, topicId: string): Promise<{ topic: TopicRow; facts: AccessFacts }> {
    // One statement: the topic with the caller's membership facts.
    const { data, facts } = await this.policy.readWithFacts(actor, async () => {
      const read = await this.repository.getWithMembership(topicId, actor.userId);
      if (!read) throw notFound();
      return read;
    });
    return { topic: data, facts };
  }
}
