import { randomUUID } from 'node:crypto';
import { searchQuery, type SearchHit } from '@vv/contracts';
import type { Actor, RunningApp } from '@vv/platform';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { createMessagingApp } from '../src/app';

/**
 * Full-text search against real PostgreSQL and NATS: one messaging app; the membership replica is
 * arranged through its own functions (as identity's events would), content through SQL.
 */
describe('search (messaging.search.query)', () => {
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

  it('finds the village posts and the messages of my conversations, never others’ messages', async () => {
    const post = await newPost(topicId, publicVillage, people.bob, 'Who brings the lasagne on Friday?');
    const reply = await newPost(topicId, publicVillage, people.alice, 'I will bring lasagne', post);
    const mine = await newConversation(publicVillage, [people.alice, people.bob]);
    const myMessage = await newMessage(mine, publicVillage, people.bob, 'Lasagne recipe attached');
    const theirs = await newConversation(publicVillage, [people.bob, people.erin]);
    const theirMessage = await newMessage(theirs, publicVillage, people.erin, 'Secret lasagne for Bob');
    await newPost(otherTopicId, otherVillage, people.alice, 'lasagne in the other village');

    const hits = (await search(people.alice, 'lasagne')).items;
    expect(idsOf(hits).sort()).toEqual([post, reply, myMessage].sort());
    expect(idsOf(hits)).not.toContain(theirMessage);
    expect(hits.find((hit) => hit.id === reply)).toMatchObject({
      kind: 'post',
      topicId,
      parentId: post,
      authorId: people.alice.userId,
    });
    expect(hits.find((hit) => hit.id === myMessage)).toMatchObject({
      kind: 'message',
      conversationId: mine,
      authorId: people.bob.userId,
    });
    const snippet = hits.find((hit) => hit.id === myMessage)!.snippet;
    expect(snippet).toEqual([
      { text: 'Lasagne', match: true },
      { text: ' recipe attached', match: false },
    ]);

    // Erin sees her own conversation's message, not Alice's.
    const erins = idsOf((await search(people.erin, 'lasagne')).items);
    expect(erins).toContain(theirMessage);
    expect(erins).not.toContain(myMessage);
  });

  it('lets an outsider of a public village find its posts but no messages, also after leaving', async () => {
    const carol = people.carol;
    await replicaMember(publicVillage, carol);
    const conversation = await newConversation(publicVillage, [carol, people.bob]);
    const message = await newMessage(conversation, publicVillage, carol, 'meet at the windmill');
    const post = await newPost(topicId, publicVillage, people.bob, 'The windmill opens on Sunday');
    expect(idsOf((await search(carol, 'windmill')).items).sort()).toEqual([message, post].sort());

    await replicaMember(publicVillage, carol, true);
    expect(idsOf((await search(carol, 'windmill')).items)).toEqual([post]);
    expect(idsOf((await search(actor(), 'windmill')).items)).toEqual([post]);
  });

  it('never finds deleted posts and messages, nor posts of archived topics, and follows edits', async () => {
    const kept = await newPost(topicId, publicVillage, people.bob, 'gooseberry jam for sale');
    const deleted = await newPost(topicId, publicVillage, people.bob, 'gooseberry pie');
    const archived = await newPost(archivedTopicId, publicVillage, people.bob, 'gooseberry archive');
    const conversation = await newConversation(publicVillage, [people.alice, people.erin]);
    const message = await newMessage(conversation, publicVillage, people.erin, 'gooseberry?');
    const edited = await newMessage(conversation, publicVillage, people.erin, 'plums');

    expect(idsOf((await search(people.alice, 'gooseberry')).items).sort()).toEqual(
      [kept, deleted, message].sort(),
    );
    expect(idsOf((await search(people.alice, 'gooseberry')).items)).not.toContain(archived);

    // Tombstones, as the delete functions leave them.
    await sql.query(`update messaging.posts set body = '', deleted_at = now() where id = $1`, [deleted]);
    await sql.query(`update messaging.messages set body = '', deleted_at = now() where id = $1`, [message]);
    await sql.query(
      `update messaging.messages set body = 'gooseberry plums', edited_at = now() where id = $1`,
      [edited],
    );
    expect(idsOf((await search(people.alice, 'gooseberry')).items).sort()).toEqual([kept, edited].sort());
    expect(idsOf((await search(people.alice, 'plums')).items)).toEqual([edited]);
  });

  it('ranks better matches first, then newest first', async () => {
    const once = await newPost(topicId, publicVillage, people.bob, 'a kumquat tree and many other plants');
    const thrice = await newPost(topicId, publicVillage, people.bob, 'kumquat kumquat kumquat');
    const sameAsOnceLater = await newPost(
      topicId,
      publicVillage,
      people.bob,
      'a kumquat tree and many other plants',
    );
    const hits = (await search(people.alice, 'kumquat')).items;
    expect(idsOf(hits)).toEqual([thrice, sameAsOnceLater, once]);
    expect(hits[0].rank).toBeGreaterThan(hits[1].rank);
    expect(hits[1].rank).toBe(hits[2].rank);
    // Web search syntax: a phrase, and an exclusion.
    expect(idsOf((await search(people.alice, '"kumquat tree"')).items)).toEqual([sameAsOnceLater, once]);
    expect(idsOf((await search(people.alice, 'kumquat -plants')).items)).toEqual([thrice]);
  });

  it('pages through every hit once, in rank order, across pages', async () => {
    const expected: string[] = [];
    const conversation = await newConversation(publicVillage, [people.alice, people.bob]);
    for (let i = 0; i < 12; i++) {
      // Equal bodies rank equal: the pages are cut inside runs of ties.
      expected.push(await newPost(topicId, publicVillage, people.bob, `rhubarb crumble ${i % 3}`));
      expected.push(
        await newMessage(conversation, publicVillage, people.bob, i % 2 ? 'rhubarb rhubarb' : 'rhubarb'),
      );
    }
    const single = (await search(people.alice, 'rhubarb', { limit: 200 })).items;
    expect(single).toHaveLength(24);
    expect(idsOf(single).sort()).toEqual(expected.sort());

    const pages = await allPages(people.alice, 'rhubarb', 5);
    expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 4]);
    const walked = pages.flat();
    expect(new Set(idsOf(walked)).size).toBe(24);
    expect(idsOf(walked)).toEqual(idsOf(single));
    for (let i = 1; i < walked.length; i++) {
      const [a, b] = [walked[i - 1], walked[i]];
      const ordered = a.rank > b.rank || (a.rank === b.rank && a.createdAt >= b.createdAt);
      expect(ordered).toBe(true);
    }
  });

  it('refuses a cursor it did not make and finds nothing for stop words', async () => {
    await expect(search(people.alice, 'rhubarb', { cursor: 'bm9wZQ' })).rejects.toMatchObject({
      code: 'invalid',
    });
    expect((await search(people.alice, 'the and of')).items).toEqual([]);
  });

  it('uses the GIN indexes: the search plan scans them on a seeded table', async () => {
    const village = randomUUID();
    await replicaVillage(village, 'public');
    await replicaMember(village, people.alice);
    const topic = await newTopic(village);
    const conversation = await newConversation(village, [people.alice, people.bob]);
    await sql.query(
      `insert into messaging.posts (topic_id, village_id, author_id, body)
       select $1, $2, $3, 'ordinary filler words number ' || n || case when n % 5000 = 0 then ' quokka' else '' end
         from generate_series(1, 20000) n`,
      [topic, village, people.bob.userId],
    );
    await sql.query(
      `insert into messaging.messages (conversation_id, village_id, author_id, body)
       select $1, $2, $3, 'chatter line ' || n || case when n % 5000 = 0 then ' quokka' else '' end
         from generate_series(1, 20000) n`,
      [conversation, village, people.bob.userId],
    );
    // As autovacuum would: statistics, and the GIN pending lists merged into the indexes.
    await sql.query('vacuum analyze messaging.posts');
    await sql.query('vacuum analyze messaging.messages');
    expect((await search(people.alice, 'quokka', { villageId: village })).items).toHaveLength(8);

    // The plan of the function's own query, as auto_explain reports it to this session.
    const plans: string[] = [];
    const onNotice = (notice: { message?: string }): void => {
      if (notice.message) plans.push(notice.message);
    };
    sql.on('notice', onNotice);
    try {
      await sql.query(`load 'auto_explain'`);
      await sql.query('set auto_explain.log_min_duration = 0');
      await sql.query('set auto_explain.log_nested_statements = on');
      await sql.query('set auto_explain.log_analyze = on');
      await sql.query('set auto_explain.log_buffers = on');
      await sql.query(`set auto_explain.log_level = 'notice'`);
      const { rows } = await sql.query(
        'select * from messaging.search_village(p_village_id => $1, p_user_id => $2, p_query => $3, p_limit => $4, p_include_messages => true)',
        [village, people.alice.userId, 'quokka', 51],
      );
      expect(rows).toHaveLength(8);
    } finally {
      await sql.query('set auto_explain.log_min_duration = -1');
      sql.off('notice', onNotice);
    }
    const plan = plans.find((text) => text.includes('messaging.posts')) ?? plans.join('\n');
    expect(plan).toMatch(/Bitmap Index Scan on posts_search_vector_idx/);
    expect(plan).toMatch(/Bitmap Index Scan on messages_search_vector_idx/);
    expect(plan).not.toMatch(/Seq Scan on posts/);
    expect(plan).not.toMatch(/Seq Scan on messages/);
    // Bounded work: a few index pages and the matching rows, not the 40,000 rows' pages.
    const buffers = [...plan.matchAll(/Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/g)].map((match) => {
      const [hit, read] = [match[1], match[2]] as Array<string | undefined>;
      return Number(hit ?? 0) + Number(read ?? 0);
    });
    expect(buffers.length).toBeGreaterThan(0);
    expect(Math.max(...buffers)).toBeLessThan(200);
  });

  it('honours SEARCH_LANGUAGE: english stems words, simple does not, and a change re-indexes', async () => {
    const post = await newPost(topicId, publicVillage, people.bob, 'She runs to the bakeries daily');
    expect(idsOf((await search(people.alice, 'run bakery')).items)).toEqual([post]);

    await running.close();
    await boot('simple');
    const { rows } = await sql.query<{ language: string }>(
      'select language::text as language from messaging.search_settings',
    );
    expect(rows[0].language).toBe('simple');
    expect((await search(people.alice, 'run bakery')).items).toEqual([]);
    expect(idsOf((await search(people.alice, 'runs bakeries')).items)).toEqual([post]);
    // "the" is no stop word in simple.
    expect(idsOf((await search(people.alice, 'the bakeries')).items)).toEqual([post]);
    // New rows are indexed in the new language too.
    const later = await newPost(topicId, publicVillage, people.bob, 'runs');
    expect(idsOf((await search(people.alice, 'runs')).items)).toContain(later);
  });

  it('refuses a text search configuration PostgreSQL does not know', async () => {
    // The app calls this at start, so a wrong SEARCH_LANGUAGE stops it with this error.
    await expect(sql.query(`select * from messaging.set_search_language('klingon')`)).rejects.toMatchObject({
      code: '22023',
      message: 'invalid',
    });
  });
});
