import {
  conversationCreate,
  conversationList,
  conversationMarkRead,
  messageSend,
  type ResponseOf,
  UNREAD_COUNT_CAP,
} from '@vv/contracts';
import { Pool } from 'pg';
import { conversationsSuite, type ConversationsSuite } from './conversations-harness';

/**
 * Conversations against messaging alone on real PostgreSQL and NATS: members checked against the
 * village, exact unread counts up to the cap, concurrent sends and reads.
 */
describe('conversations (messaging, real PostgreSQL + NATS)', () => {
  const s = conversationsSuite();
  let t: ConversationsSuite['t'];
  let sql: ConversationsSuite['sql'];
  let identityAnswers: ConversationsSuite['identityAnswers'];
  let villageId: ConversationsSuite['villageId'];
  let actor: ConversationsSuite['actor'];
  let join: ConversationsSuite['join'];
  let call: ConversationsSuite['call'];

  beforeAll(() => {
    ({ t, sql, identityAnswers, villageId, actor, join, call } = s);
  });

  it('checks every other member against the village, asking identity about pairs the replica lacks', async () => {
    const ann = actor();
    const bob = actor();
    const late = actor(); // a member whose membership.added has not arrived yet
    const stranger = actor();
    await join(ann.userId);
    await join(bob.userId);
    identityAnswers.set(`${villageId}:${late.userId}`, {
      village: { id: villageId, visibility: 'private' },
      role: 'member',
    });

    const before = s.readThroughs;
    const created = await call<ResponseOf<typeof conversationCreate>>(
      conversationCreate,
      { villageId, memberIds: [bob.userId, late.userId, bob.userId] },
      ann,
    );
    expect([...created.memberIds].sort()).toEqual([ann.userId, bob.userId, late.userId].sort());
    expect(s.readThroughs).toBe(before + 1);

    await expect(
      call(conversationCreate, { villageId, memberIds: [bob.userId, stranger.userId] }, ann),
    ).rejects.toMatchObject({
      code: 'invalid',
      details: {
        errors: [{ field: 'memberIds', reason: `${stranger.userId} is not a member of this village` }],
      },
    });
    const count = await sql.query('select count(*)::int as n from messaging.conversations');
    expect(count.rows[0].n).toBe(1);
  });

  it('unread counts are exact below the cap and stop at it; a recount walks no further than the cap', async () => {
    const ann = actor();
    const bob = actor();
    await join(ann.userId);
    await join(bob.userId);
    const { id } = await call<ResponseOf<typeof conversationCreate>>(
      conversationCreate,
      { villageId, memberIds: [bob.userId] },
      ann,
    );
    // 150 messages from Ann, straight through the send function (the command's one round trip).
    const sent = (
      await sql.query(
        "select (messaging.send_message($1, $2, 'm' || n)).id from generate_series(1, 150) n order by n",
        [id, ann.userId],
      )
    ).rows.map((row: { id: string }) => row.id);

    const listed = await call<ResponseOf<typeof conversationList>>(
      conversationList,
      { villageId, limit: 10 },
      bob,
    );
    expect(listed.items.find((item) => item.id === id)).toMatchObject({ unreadCount: UNREAD_COUNT_CAP });

    const at10 = await call<ResponseOf<typeof conversationMarkRead>>(
      conversationMarkRead,
      { conversationId: id, upToMessageId: sent[9] },
      bob,
    );
    expect(at10.unreadCount).toBe(UNREAD_COUNT_CAP); // 140 unread: "99+"
    const stored = await sql.query(
      'select unread_count from messaging.conversation_members where conversation_id = $1 and user_id = $2',
      [id, bob.userId],
    );
    expect(stored.rows[0].unread_count).toBe(UNREAD_COUNT_CAP); // counted up to the cap, not 140

    const at120 = await call<ResponseOf<typeof conversationMarkRead>>(
      conversationMarkRead,
      { conversationId: id, upToMessageId: sent[119] },
      bob,
    );
    expect(at120.unreadCount).toBe(30);
    await call(messageSend, { conversationId: id, body: 'one more' }, ann);
    const after = await call<ResponseOf<typeof conversationList>>(
      conversationList,
      { villageId, limit: 50 },
      bob,
    );
    expect(after.items.find((item) => item.id === id)).toMatchObject({ unreadCount: 31 });
  });

  it('concurrent sends and reads leave the unread counter equal to the messages after the cursor', async () => {
    const ann = actor();
    const bob = actor();
    await join(ann.userId);
    await join(bob.userId);
    const { id } = await call<ResponseOf<typeof conversationCreate>>(
      conversationCreate,
      { villageId, memberIds: [bob.userId] },
      ann,
    );
    const first = await call<{ id: string }>(messageSend, { conversationId: id, body: 'first' }, ann);
    const sends = Array.from({ length: 20 }, (_, i) =>
      call<{ id: string }>(messageSend, { conversationId: id, body: `m${i}` }, ann),
    );
    const pool = new Pool({ connectionString: t.database.url, max: 5 });
    const reads = Array.from({ length: 10 }, async (_, i) => {
      // Read up to the latest message once send 2i is stored, while later sends are still in flight.
      await sends[i * 2];
      const latest = await pool.query(
        'select id from messaging.messages where conversation_id = $1 order by created_at desc, id desc limit 1',
        [id],
      );
      return call(
        conversationMarkRead,
        { conversationId: id, upToMessageId: latest.rows[0]?.id ?? first.id },
        bob,
      );
    });
    await Promise.all([...sends, ...reads]).finally(() => pool.end());

    const truth = await sql.query(
      `select m.unread_count,
              (select count(*)::int from messaging.messages x
                where x.conversation_id = m.conversation_id and x.author_id <> m.user_id
                  and (m.read_up_to_at is null or (x.created_at, x.id) > (m.read_up_to_at, m.read_up_to_id))) as actual
         from messaging.conversation_members m where m.conversation_id = $1 and m.user_id = $2`,
      [id, bob.userId],
    );
    expect(truth.rows[0].unread_count).toBe(truth.rows[0].actual);
  });
});
