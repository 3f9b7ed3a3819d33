import { findEvent } from '@vv/contracts';
import { eventually } from '@vv/testing';
import { expectProblem, signUp } from './http';
import { addMember } from './members';
import { conversationsSuite, type ConversationsSuite } from './conversations-harness';

/**
 * Direct conversations over HTTP: editing and deleting messages, non-participants and removed
 * members, events, and the OpenAPI entries.
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
  let otherVillageId: ConversationsSuite['otherVillageId'];
  let conversations: ConversationsSuite['conversations'];
  let messages: ConversationsSuite['messages'];
  let start: ConversationsSuite['start'];
  let send: ConversationsSuite['send'];

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
      otherVillageId,
      conversations,
      messages,
      start,
      send,
    } = s);
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
