import { randomUUID } from 'node:crypto';
import { searchSuite, type SearchSuite } from './search-harness';

/**
 * Search (messaging.search.query): the GIN indexes in the plan, and SEARCH_LANGUAGE.
 */
describe('search (messaging.search.query)', () => {
  const s = searchSuite();
  let running: SearchSuite['running'];
  let sql: SearchSuite['sql'];
  let topicId: SearchSuite['topicId'];
  let people: SearchSuite['people'];
  let publicVillage: SearchSuite['publicVillage'];
  let boot: SearchSuite['boot'];
  let replicaVillage: SearchSuite['replicaVillage'];
  let replicaMember: SearchSuite['replicaMember'];
  let newTopic: SearchSuite['newTopic'];
  let newPost: SearchSuite['newPost'];
  let newConversation: SearchSuite['newConversation'];
  let search: SearchSuite['search'];
  let idsOf: SearchSuite['idsOf'];

  beforeAll(() => {
    ({
      running,
      sql,
      topicId,
      people,
      publicVillage,
      boot,
      replicaVillage,
      replicaMember,
      newTopic,
      newPost,
      newConversation,
      search,
      idsOf,
    } = s);
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
