import { randomUUID } from 'node:crypto';
import {
  attachmentSnapshot,
  commandSubject,
  conversationCreate,
  fileCheckUse,
  messageDelete,
  messageSend,
  type ResponseOf,
} from '@vv/contracts';
import { respondData } from '@vv/platform';
import { conversationsSuite, type ConversationsSuite } from './conversations-harness';

/**
 * Conversations against messaging alone on real PostgreSQL and NATS: attachments when files does not
 * answer, the list by latest activity, files' attachment snapshot.
 */
describe('conversations (messaging, real PostgreSQL + NATS)', () => {
  const s = conversationsSuite();
  let t: ConversationsSuite['t'];
  let running: ConversationsSuite['running'];
  let sql: ConversationsSuite['sql'];
  let villageId: ConversationsSuite['villageId'];
  let actor: ConversationsSuite['actor'];
  let join: ConversationsSuite['join'];
  let call: ConversationsSuite['call'];

  beforeAll(() => {
    ({ t, running, sql, villageId, actor, join, call } = s);
  });

  // No files service runs here: sends with attachments can only be refused.
  it('attachments are refused when files does not answer, and nothing is stored', async () => {
    const ann = actor();
    const bob = actor();
    const outsider = actor();
    await join(ann.userId);
    await join(bob.userId);
    await join(outsider.userId);
    const { id } = await call<ResponseOf<typeof conversationCreate>>(
      conversationCreate,
      { villageId, memberIds: [bob.userId] },
      ann,
    );
    const [file, other] = [randomUUID(), randomUUID()];

    await expect(
      call(messageSend, { conversationId: id, body: 'twice', attachments: [file, other, file] }, ann),
    ).rejects.toMatchObject({
      code: 'invalid',
      details: { errors: [{ field: 'attachments.2', reason: 'listed twice' }] },
    });
    await expect(
      call(messageSend, { conversationId: id, body: 'not mine', attachments: [file] }, outsider),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      call(messageSend, { conversationId: id, body: 'see attached', attachments: [file, other] }, ann),
    ).rejects.toMatchObject({ code: 'unavailable' });

    const stored = await sql.query(
      `select (select count(*)::int from messaging.messages where conversation_id = $1) as messages,
              (select count(*)::int from messaging.outbox
                where type = 'messaging.message.sent' and data->>'conversationId' = $1::text) as events,
              (select unread_count from messaging.conversation_members
                where conversation_id = $1 and user_id = $2) as unread`,
      [id, bob.userId],
    );
    expect(stored.rows[0]).toEqual({ messages: 0, events: 0, unread: 0 });

    const plain = await call<ResponseOf<typeof messageSend>>(
      messageSend,
      { conversationId: id, body: 'no attachments, no files call' },
      ann,
    );
    expect(plain.attachments).toEqual([]);
  });

  it('lists by latest activity from the membership index, keyset on (last_message_at, id)', async () => {
    // A tiny table would be scanned sequentially; what matters is that the index serves the
    // filter and the order (no sort), so the page costs the same whatever the history.
    await sql.query('begin');
    await sql.query('set local enable_seqscan = off');
    const plan = await sql.query(
      `explain (format json)
       select m.conversation_id from messaging.conversation_members m
        where m.user_id = $1 and m.village_id = $2 and (m.last_message_at, m.conversation_id) < (now(), $3::uuid)
        order by m.last_message_at desc, m.conversation_id desc limit 51`,
      [randomUUID(), villageId, randomUUID()],
    );
    await sql.query('commit');
    const text = JSON.stringify(plan.rows[0]);
    expect(text).toContain('conversation_members_user_activity_idx');
    expect(text).not.toContain('"Node Type":"Sort"');
  });

  it('answers files’ attachment snapshot: every live message with attachments, its author and recipients', async () => {
    // Files' stand-in, for this test only: every attachment may be used.
    const files = running.services.nc.subscribe(commandSubject(t.prefix, fileCheckUse), {
      callback: (_error, msg) => {
        const { fileIds } = msg.json<{ fileIds: string[] }>();
        respondData(msg, { files: fileIds.map((fileId) => ({ fileId, reason: null })) });
      },
    });
    try {
      const [ann, bob, cy] = [actor(), actor(), actor()];
      for (const member of [ann, bob, cy]) await join(member.userId);
      const { id: conversationId } = await call<{ id: string }>(
        conversationCreate,
        { villageId, memberIds: [bob.userId, cy.userId] },
        ann,
      );
      const send = (body: string, attachments: string[]) =>
        call<{ id: string }>(messageSend, { conversationId, body, attachments }, ann);
      const [first, second] = [[randomUUID()], [randomUUID(), randomUUID()]];
      const kept = [await send('one', first), await send('two', second)];
      await send('plain', []);
      const deleted = await send('gone', [randomUUID()]);
      await call(messageDelete, { messageId: deleted.id }, ann);

      const items: ResponseOf<typeof attachmentSnapshot>['items'] = [];
      let cursor: string | null = null;
      do {
        const page: ResponseOf<typeof attachmentSnapshot> = await running.services.client.call(
          attachmentSnapshot,
          { cursor, limit: 1 },
        );
        expect(page.items.length).toBeLessThanOrEqual(1);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(items).toEqual(
        [
          { messageId: kept[0].id, attachments: first },
          { messageId: kept[1].id, attachments: second },
        ].map((message) => ({
          ...message,
          authorId: ann.userId,
          recipientIds: expect.arrayContaining([bob.userId, cy.userId]) as unknown,
        })),
      );
    } finally {
      files.unsubscribe();
    }
  });
});
