import { findEvent } from '@vv/contracts';
import { eventually } from '@vv/testing';
import { Client } from 'pg';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, PASSWORD, signUp, type Account } from './http';
import { addMember } from './members';

describe('direct conversations over HTTP', () => {
  let suite: Suite;
  let api: Api;
  let sql: Client;
  let owner: Account;
  let ann: Account;
  let bob: Account;
  let cid: Account;
  let outsider: Account;
  let villageId: string;
  let otherVillageId: string;

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    sql = new Client({ connectionString: suite.environment.database.url });
    await sql.connect();
    [owner, ann, bob, cid, outsider] = await Promise.all(
      ['Owner', 'Ann', 'Bob', 'Cid', 'Outsider'].map((name) => signUp(api, name)),
    );
    const create = async (name: string) =>
      (await api.post('/v1/villages', { token: owner.accessToken, body: { name, visibility: 'private' } }))
        .body.id as string;
    villageId = await create('Family');
    otherVillageId = await create('Other');
    for (const member of [ann, bob, cid]) {
      await addMember(api, villageId, owner.accessToken, member, 'member');
    }
  });

  afterAll(async () => {
    await sql.end();
    await suite.close();
  });

  const conversations = (id = villageId) => `/v1/villages/${id}/conversations`;
  const messages = (conversationId: string) => `/v1/conversations/${conversationId}/messages`;

  const start = async (by: Account, memberIds: string[], title?: string): Promise<string> => {
    const answer = await api.post(conversations(), { token: by.accessToken, body: { memberIds, title } });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };

  const send = async (by: Account, conversationId: string, body: string) => {
    const answer = await api.post(messages(conversationId), { token: by.accessToken, body: { body } });
    expect(answer.status).toBe(201);
    return answer.body as { id: string; body: string };
  };

  /** Every page of a list, following nextCursor. */
  const walk = async (path: string, token: string, limit: number) => {
    const items: Array<{ id: string }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await api.get(`${path}${query}`, { token });
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return items;
  };

  const login = async (account: Account): Promise<string> => {
    const answer = await api.post('/v1/auth/login', { body: { email: account.email, password: PASSWORD } });
    expect(answer.status).toBe(200);
    return answer.body.accessToken as string;
  };

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

  it('authors edit and delete their own messages only; a deleted message stays as a tombstone', async () => {
    const id = await start(ann, [bob.userId, cid.userId], 'Edits');
    const mine = await send(ann, id, 'typo');
    await send(bob, id, 'after');

    expectProblem(
      await api.patch(`/v1/messages/${mine.id}`, { token: bob.accessToken, body: { body: 'hacked' } }),
      403,
      'forbidden',
    );
    expectProblem(await api.delete(`/v1/messages/${mine.id}`, { token: bob.accessToken }), 403, 'forbidden');
    expectProblem(
      await api.delete(`/v1/messages/${mine.id}`, { token: owner.accessToken }),
      404,
      'not_found',
    );

    const edited = await api.patch(`/v1/messages/${mine.id}`, {
      token: ann.accessToken,
      body: { body: 'fixed', data: { v: 2 } },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: mine.id, body: 'fixed', data: { v: 2 }, deletedAt: null });
    expect(edited.body.editedAt).toEqual(expect.any(String));
    expectProblem(
      await api.patch(`/v1/messages/${mine.id}`, { token: ann.accessToken, body: {} }),
      400,
      'invalid',
    );

    expect((await api.delete(`/v1/messages/${mine.id}`, { token: ann.accessToken })).status).toBe(204);
    expect((await api.delete(`/v1/messages/${mine.id}`, { token: ann.accessToken })).status).toBe(204);
    const listed = await api.get(messages(id), { token: cid.accessToken });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toHaveLength(2);
    expect(listed.body.items[1]).toMatchObject({ id: mine.id, body: '', data: {}, attachments: [] });
    expect(listed.body.items[1].deletedAt).toEqual(expect.any(String));
    expectProblem(
      await api.patch(`/v1/messages/${mine.id}`, { token: ann.accessToken, body: { body: 'revive' } }),
      409,
      'conflict',
    );
  });

  it('a non-participant gets 404 on every route of a conversation and its messages', async () => {
    const id = await start(ann, [bob.userId]);
    const message = await send(ann, id, 'private');
    for (const token of [cid.accessToken, outsider.accessToken, owner.accessToken]) {
      expectProblem(await api.get(messages(id), { token }), 404, 'not_found');
      expectProblem(await api.post(messages(id), { token, body: { body: 'hi' } }), 404, 'not_found');
      expectProblem(
        await api.post(`/v1/conversations/${id}/read`, { token, body: { upToMessageId: message.id } }),
        404,
        'not_found',
      );
      expectProblem(
        await api.patch(`/v1/messages/${message.id}`, { token, body: { body: 'x' } }),
        404,
        'not_found',
      );
      expectProblem(await api.delete(`/v1/messages/${message.id}`, { token }), 404, 'not_found');
    }
    // Conversations are listed per village: none of this village's show up under another one.
    const other = await api.get(conversations(otherVillageId), { token: owner.accessToken });
    expect(other.body).toEqual({ items: [], nextCursor: null });
  });

  it('a member removed from the village loses its conversations once the removal reaches messaging', async () => {
    const dee = await signUp(api, 'Dee');
    await addMember(api, villageId, owner.accessToken, dee, 'member');
    const id = await start(dee, [ann.userId]);
    const message = await send(ann, id, 'before you go');
    expect((await api.get(messages(id), { token: dee.accessToken })).status).toBe(200);

    const removed = await api.delete(`/v1/villages/${villageId}/members/${dee.userId}`, {
      token: owner.accessToken,
    });
    expect(removed.status).toBe(204);
    await eventually(async () => {
      expectProblem(await api.get(messages(id), { token: dee.accessToken }), 404, 'not_found');
    }, 5000);
    expectProblem(await api.get(conversations(), { token: dee.accessToken }), 404, 'not_found');
    expectProblem(
      await api.post(messages(id), { token: dee.accessToken, body: { body: 'x' } }),
      404,
      'not_found',
    );
    expectProblem(
      await api.post(`/v1/conversations/${id}/read`, {
        token: dee.accessToken,
        body: { upToMessageId: message.id },
      }),
      404,
      'not_found',
    );
    // Ann still talks in it; Dee is no longer among the recipients of what she sends.
    const after = await send(ann, id, 'still here');
    const event = await sql.query(
      "select data from messaging.outbox where type = 'messaging.message.sent' and data->>'messageId' = $1",
      [after.id],
    );
    expect(event.rows[0].data.recipientIds).toEqual([]);
  });

  it('emits events that validate against the contracts and name who to notify', async () => {
    await sql.query('delete from messaging.outbox');
    const id = await start(ann, [bob.userId, cid.userId], 'Events');
    const message = await send(ann, id, 'hi');
    await api.patch(`/v1/messages/${message.id}`, { token: ann.accessToken, body: { body: 'hi!' } });
    await api.delete(`/v1/messages/${message.id}`, { token: ann.accessToken });
    const rows = (
      await sql.query(
        "select type, version, village_id, actor_id, data from messaging.outbox where type like 'messaging.%' order by seq",
      )
    ).rows;
    expect(rows.map((row) => row.type as string)).toEqual([
      'messaging.conversation.created',
      'messaging.message.sent',
      'messaging.message.edited',
      'messaging.message.deleted',
    ]);
    for (const row of rows) {
      const def = findEvent(row.type, row.version);
      expect(def).toBeDefined();
      expect(() => def!.data.parse(row.data)).not.toThrow();
      expect(row).toMatchObject({ village_id: villageId, actor_id: ann.userId });
      expect(row.data.villageId).toBe(villageId);
    }
    expect(rows[0].data).toMatchObject({ conversationId: id, createdBy: ann.userId, title: 'Events' });
    expect([...rows[0].data.memberIds].sort()).toEqual([ann.userId, bob.userId, cid.userId].sort());
    for (const row of rows.slice(1)) {
      expect(row.data).toMatchObject({ conversationId: id, messageId: message.id, authorId: ann.userId });
      expect([...row.data.recipientIds].sort()).toEqual([bob.userId, cid.userId].sort());
    }
    expect(rows[2].data.changed).toEqual(['body']);
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await api.get('/docs/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/villages/{villageId}/conversations',
        '/v1/conversations/{id}/messages',
        '/v1/conversations/{id}/read',
        '/v1/messages/{id}',
      ]),
    );
  });
});
