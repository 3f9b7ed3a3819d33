import { randomUUID } from 'node:crypto';
import { type SearchHit, searchQuery } from '@vv/contracts';
import type { Actor, RunningApp } from '@vv/platform';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { createMessagingApp } from '../src/app';

export type SearchSuite = ReturnType<typeof searchSuite>;

/**
 * Messaging alone on real PostgreSQL and NATS, with villages, topics, posts and conversations to search. Registers the suite's beforeAll/afterAll; the tests read what it set up.
 */
export function searchSuite() {
  let t: TestEnvironment;
  let running: RunningApp;
  let sql: Client;

  const people = { alice: actor(), bob: actor(), carol: actor(), erin: actor() };
  const publicVillage = randomUUID();
  const otherVillage = randomUUID();
  let topicId: string;
  let archivedTopicId: string;
  let otherTopicId: string;

  function actor(): Actor {
    return { userId: randomUUID(), sessionId: randomUUID() };
  }

  const boot = async (language: string): Promise<void> => {
    running = await createMessagingApp({
      ...t.env,
      MESSAGING_HTTP_PORT: '0',
      SEARCH_LANGUAGE: language,
    });
  };

  const replicaVillage = (villageId: string, visibility: 'public' | 'private'): Promise<unknown> =>
    sql.query('select messaging.apply_village_event($1, $2, false, now(), $3)', [
      villageId,
      visibility,
      randomUUID(),
    ]);

  const replicaMember = (villageId: string, who: Actor, removed = false): Promise<unknown> =>
    sql.query('select messaging.apply_membership_event($1, $2, $3, $4, clock_timestamp(), $5)', [
      villageId,
      who.userId,
      'member',
      removed,
      randomUUID(),
    ]);

  const newTopic = async (villageId: string, archived = false): Promise<string> => {
    const { rows } = await sql.query<{ id: string }>(
      'insert into messaging.topics (village_id, title, archived) values ($1, $2, $3) returning id',
      [villageId, 'Board', archived],
    );
    return rows[0].id;
  };

  const newPost = async (
    topic: string,
    villageId: string,
    author: Actor,
    body: string,
    parentId: string | null = null,
  ): Promise<string> => {
    const { rows } = await sql.query<{ id: string }>(
      `insert into messaging.posts (topic_id, village_id, author_id, body, parent_id)
       values ($1, $2, $3, $4, $5) returning id`,
      [topic, villageId, author.userId, body, parentId],
    );
    return rows[0].id;
  };

  const newConversation = async (villageId: string, members: Actor[]): Promise<string> => {
    const { rows } = await sql.query<{ id: string }>(
      `insert into messaging.conversations (village_id, created_by, member_count)
       values ($1, $2, $3) returning id`,
      [villageId, members[0].userId, members.length],
    );
    const id = rows[0].id;
    for (const member of members) {
      await sql.query(
        `insert into messaging.conversation_members (conversation_id, user_id, village_id, last_message_at)
         values ($1, $2, $3, now())`,
        [id, member.userId, villageId],
      );
    }
    return id;
  };

  const newMessage = async (
    conversationId: string,
    villageId: string,
    author: Actor,
    body: string,
  ): Promise<string> => {
    const { rows } = await sql.query<{ id: string }>(
      `insert into messaging.messages (conversation_id, village_id, author_id, body)
       values ($1, $2, $3, $4) returning id`,
      [conversationId, villageId, author.userId, body],
    );
    return rows[0].id;
  };

  const search = (
    who: Actor,
    q: string,
    options: { villageId?: string; limit?: number; cursor?: string } = {},
  ): Promise<{ items: SearchHit[]; nextCursor: string | null }> =>
    running.services.client.call(
      searchQuery,
      {
        villageId: options.villageId ?? publicVillage,
        q,
        limit: options.limit ?? 50,
        cursor: options.cursor,
      },
      { actor: who },
    );

  const idsOf = (hits: SearchHit[]): string[] => hits.map((hit) => hit.id);

  /** Every page of a search, following the cursors. */
  const allPages = async (who: Actor, q: string, limit: number): Promise<SearchHit[][]> => {
    const pages: SearchHit[][] = [];
    let cursor: string | undefined;
    do {
      const page = await search(who, q, { limit, cursor });
      pages.push(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages.length < 100);
    return pages;
  };

  beforeAll(async () => {
    t = await createTestEnvironment();
    await boot('english');
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    await sql.query(`select messaging.store_app_roles_snapshot('{}'::jsonb, 0)`);
    await replicaVillage(publicVillage, 'public');
    await replicaVillage(otherVillage, 'public');
    for (const who of [people.alice, people.bob, people.erin]) await replicaMember(publicVillage, who);
    await replicaMember(otherVillage, people.alice);
    topicId = await newTopic(publicVillage);
    archivedTopicId = await newTopic(publicVillage, true);
    otherTopicId = await newTopic(otherVillage);
  });

  afterAll(async () => {
    await sql.end();
    await running.close();
    await t.cleanup();
  });

  return {
    get t() {
      return t;
    },
    get running() {
      return running;
    },
    get sql() {
      return sql;
    },
    get topicId() {
      return topicId;
    },
    get archivedTopicId() {
      return archivedTopicId;
    },
    get otherTopicId() {
      return otherTopicId;
    },
    people,
    publicVillage,
    otherVillage,
    actor,
    boot,
    replicaVillage,
    replicaMember,
    newTopic,
    newPost,
    newConversation,
    newMessage,
    search,
    idsOf,
    allPages,
  };
}
