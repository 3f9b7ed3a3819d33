import { expectProblem } from './http';
import { conversationsSuite, type ConversationsSuite } from './conversations-harness';

/**
 * Direct conversations over HTTP: creation, refusals, messages page by page, my conversations and
 * their unread counts, read cursors.
 */
describe('direct conversations over HTTP', () => {
  const s = conversationsSuite();
  let api: ConversationsSuite['api'];
  let sql: ConversationsSuite['sql'];
  let owner: ConversationsSuite['owner'];
  let ann: ConversationsSuite['ann'];
  let bob: ConversationsSuite['bob'];
  let cid: ConversationsSuite['cid'];
  let outsider: ConversationsSuite['outsider'];
  let villageId: ConversationsSuite['villageId'];
  let conversations: ConversationsSuite['conversations'];
  let messages: ConversationsSuite['messages'];
  let start: ConversationsSuite['start'];
  let send: ConversationsSuite['send'];
  let walk: ConversationsSuite['walk'];
  let login: ConversationsSuite['login'];

  beforeAll(() => {
    ({
      api,
      sql,
      owner,
      ann,
      bob,
      cid,
      outsider,
      villageId,
      conversations,
      messages,
      start,
      send,
      walk,
      login,
    } = s);
  });

  it('create includes the caller and is idempotent for a pair, also when raced', async () => {
    const created = await api.post(conversations(), {
      token: ann.accessToken,
      body: { memberIds: [bob.userId], title: 'Us' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      villageId,
      title: 'Us',
      createdBy: ann.userId,
      unreadCount: 0,
      readUpToMessageId: null,
      lastMessageId: null,
      data: {},
    });
    expect([...created.body.memberIds].sort()).toEqual([ann.userId, bob.userId].sort());

    // Bob starting "the same" conversation (listing himself too) gets Ann's.
    const again = await api.post(conversations(), {
      token: bob.accessToken,
      body: { memberIds: [ann.userId, bob.userId] },
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(created.body.id);

    // A fresh pair, created by both sides at once, ends up as one conversation.
    const raced = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.post(conversations(), {
          token: (i % 2 ? bob : cid).accessToken,
          body: { memberIds: [i % 2 ? cid.userId : bob.userId] },
        }),
      ),
    );
    expect(raced.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    expect(new Set(raced.map((answer) => answer.body.id as string)).size).toBe(1);
    const rows = await sql.query(
      'select count(*)::int as n from messaging.conversations where village_id = $1 and direct_low is not null',
      [villageId],
    );
    expect(rows.rows[0].n).toBe(2);

    // Three people make a new group each time.
    const group1 = await start(ann, [bob.userId, cid.userId], 'Trio');
    const group2 = await start(ann, [bob.userId, cid.userId], 'Trio');
    expect(group1).not.toBe(group2);
  });

  it('refuses members who are not villagers (400), a caller alone (400) and outsiders (404)', async () => {
    const stranger = await api.post(conversations(), {
      token: ann.accessToken,
      body: { memberIds: [outsider.userId] },
    });
    expectProblem(stranger, 400, 'invalid');
    expect(stranger.body.errors[0]).toMatchObject({ field: 'memberIds' });
    expectProblem(
      await api.post(conversations(), { token: ann.accessToken, body: { memberIds: [ann.userId] } }),
      400,
      'invalid',
    );
    expectProblem(
      await api.post(conversations(), { token: ann.accessToken, body: { memberIds: [], extra: 1 } }),
      400,
      'invalid',
    );
    expectProblem(
      await api.post(conversations(), { token: outsider.accessToken, body: { memberIds: [ann.userId] } }),
      404,
      'not_found',
    );
    expectProblem(await api.get(conversations(), { token: outsider.accessToken }), 404, 'not_found');
  });

  it('sends and lists messages newest first, page by page without duplicates or gaps', async () => {
    const id = await start(owner, [ann.userId], undefined);
    const sent = [];
    for (let i = 0; i < 7; i++) sent.push(await send(i % 2 ? ann : owner, id, `message ${i}`));
    const listed = await walk(messages(id), ann.accessToken, 3);
    expect(listed.map((item) => item.id)).toEqual(sent.map((item) => item.id).reverse());

    const withExtras = await api.post(messages(id), {
      token: ann.accessToken,
      // No attachments: files would refuse a made-up id (real ones belong to the files e2e tests).
      body: { body: 'with data', data: { kind: 'note' } },
    });
    expect(withExtras.status).toBe(201);
    expect(withExtras.body).toMatchObject({
      conversationId: id,
      villageId,
      authorId: ann.userId,
      attachments: [],
      data: { kind: 'note' },
      editedAt: null,
      deletedAt: null,
    });

    const tooBig = 'é'.repeat(8 * 1024 + 1); // 16 KiB + 2 bytes of UTF-8
    expectProblem(
      await api.post(messages(id), { token: ann.accessToken, body: { body: tooBig } }),
      400,
      'invalid',
    );
    expect(
      (await api.post(messages(id), { token: ann.accessToken, body: { body: 'é'.repeat(8 * 1024) } })).status,
    ).toBe(201);
    const elevenFiles = Array.from({ length: 11 }, () => '01a20124-3ffe-7b19-8c29-38dff25c89a2');
    expectProblem(
      await api.post(messages(id), { token: ann.accessToken, body: { body: 'x', attachments: elevenFiles } }),
      400,
      'invalid',
    );
    expectProblem(
      await api.post(messages(id), { token: ann.accessToken, body: { body: '' } }),
      400,
      'invalid',
    );
    expectProblem(
      await api.get(`${messages(id)}?cursor=nonsense`, { token: ann.accessToken }),
      400,
      'invalid',
    );
  });

  it('lists my conversations by latest activity with unread counts of messages by others', async () => {
    const older = await start(cid, [owner.userId]);
    const newer = await start(cid, [owner.userId, ann.userId], 'Planning');
    await send(owner, newer, 'hello planners');
    await send(owner, older, 'one');
    await send(owner, older, 'two');
    await send(cid, older, 'mine'); // my own message moves my read cursor: nothing of mine is unread

    const mine = await api.get(conversations(), { token: cid.accessToken });
    expect(mine.status).toBe(200);
    const mineItems: Array<{ id: string }> = mine.body.items;
    const index = (id: string): number => mineItems.findIndex((item) => item.id === id);
    expect(index(older)).toBeLessThan(index(newer));
    expect(mine.body.items[index(older)]).toMatchObject({ unreadCount: 0 });
    expect(mine.body.items[index(newer)]).toMatchObject({ unreadCount: 1 });

    const owners = await api.get(conversations(), { token: owner.accessToken });
    const ownerView = owners.body.items.find((item: { id: string }) => item.id === older);
    expect(ownerView).toMatchObject({ unreadCount: 1 });

    // Activity order: sending to the older one brings it first; walking pages repeats and skips nothing.
    await send(cid, newer, 'bump');
    const walked = await walk(conversations(), cid.accessToken, 1);
    expect(walked[0].id).toBe(newer);
    expect(new Set(walked.map((item) => item.id)).size).toBe(walked.length);
    expect(walked.map((item) => item.id).sort()).toEqual(
      mine.body.items.map((item: { id: string }) => item.id).sort(),
    );
  });

  it('one read cursor per member: two devices see the same unread count, and it never moves back', async () => {
    const id = await start(owner, [bob.userId]);
    const first = await send(owner, id, 'a');
    const second = await send(owner, id, 'b');
    const third = await send(owner, id, 'c');
    const phone = bob.accessToken;
    const laptop = await login(bob);
    const unreadOn = async (token: string): Promise<unknown> =>
      (await api.get(conversations(), { token })).body.items.find((item: { id: string }) => item.id === id);

    expect(await unreadOn(phone)).toMatchObject({ unreadCount: 3, readUpToMessageId: null });
    expect(await unreadOn(laptop)).toMatchObject({ unreadCount: 3 });

    const read = await api.post(`/v1/conversations/${id}/read`, {
      token: phone,
      body: { upToMessageId: second.id },
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ conversationId: id, readUpToMessageId: second.id, unreadCount: 1 });
    expect(await unreadOn(laptop)).toMatchObject({ unreadCount: 1, readUpToMessageId: second.id });

    // An older message leaves the cursor where it is.
    const back = await api.post(`/v1/conversations/${id}/read`, {
      token: laptop,
      body: { upToMessageId: first.id },
    });
    expect(back.body).toEqual({ conversationId: id, readUpToMessageId: second.id, unreadCount: 1 });

    const done = await api.post(`/v1/conversations/${id}/read`, {
      token: laptop,
      body: { upToMessageId: third.id },
    });
    expect(done.body).toMatchObject({ readUpToMessageId: third.id, unreadCount: 0 });
    expect(await unreadOn(phone)).toMatchObject({ unreadCount: 0, readUpToMessageId: third.id });

    // A message of another conversation is not a cursor of this one.
    const elsewhere = await start(owner, [cid.userId]);
    const foreign = await send(owner, elsewhere, 'x');
    expectProblem(
      await api.post(`/v1/conversations/${id}/read`, { token: phone, body: { upToMessageId: foreign.id } }),
      400,
      'invalid',
    );
  });
});
