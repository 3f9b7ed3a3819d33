import { searchSuite, type SearchSuite } from './search-harness';

/**
 * Search (messaging.search.query): what each caller finds, deleted and archived content, ranking and
 * pages.
 */
describe('search (messaging.search.query)', () => {
  const s = searchSuite();
  let sql: SearchSuite['sql'];
  let topicId: SearchSuite['topicId'];
  let archivedTopicId: SearchSuite['archivedTopicId'];
  let otherTopicId: SearchSuite['otherTopicId'];
  let people: SearchSuite['people'];
  let publicVillage: SearchSuite['publicVillage'];
  let otherVillage: SearchSuite['otherVillage'];
  let actor: SearchSuite['actor'];
  let replicaMember: SearchSuite['replicaMember'];
  let newPost: SearchSuite['newPost'];
  let newConversation: SearchSuite['newConversation'];
  let newMessage: SearchSuite['newMessage'];
  let search: SearchSuite['search'];
  let idsOf: SearchSuite['idsOf'];
  let allPages: SearchSuite['allPages'];

  beforeAll(() => {
    ({
      sql,
      topicId,
      archivedTopicId,
      otherTopicId,
      people,
      publicVillage,
      otherVillage,
      actor,
      replicaMember,
      newPost,
      newConversation,
      newMessage,
      search,
      idsOf,
      allPages,
    } = s);
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
});
