import { randomUUID } from 'node:crypto';
import {
  attachmentSnapshot,
  commandSubject,
  conversationCreate,
  conversationList,
  conversationMarkRead,
  fileCheckUse,
  membershipGet,
  messageDelete,
  messageSend,
  metadataGet,
  UNREAD_COUNT_CAP,
  type ResponseOf,
} from '@vv/contracts';
import type { Actor, RunningApp } from '@vv/platform';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { Client, Pool } from 'pg';
import { createMessagingApp } from '../src/app';

type MembershipAnswer = ResponseOf<typeof membershipGet>;

/**
 * Messaging alone against real PostgreSQL and NATS. Memberships reach the replica as identity's
 * events would (`apply_*_event`); a tiny responder stands in for identity's read-through answers.
 */
describe('conversations (messaging, real PostgreSQL + NATS)', () => {
  let t: TestEnvironment;
  let running: RunningApp;
  let sql: Client;
  const identityAnswers = new Map<string, MembershipAnswer>();
  let readThroughs = 0;
  const villageId = randomUUID();
  const actor = (): Actor => ({ userId: randomUUID(), sessionId: randomUUID() });

  const join = async (userId: string, role = 'member'): Promise<void> => {
    await sql.query('select messaging.apply_membership_event($1, $2, $3, false, now(), $4)', [
      villageId,
      userId,
      role,
      randomUUID(),
    ]);
  };

  const call = <R>(
    def: Parameters<RunningApp['services']['client']['call']>[0],
    request: unknown,
    by: Actor,
  ) => running.services.client.call(def, request, { actor: by }) as Promise<R>;

  beforeAll(async () => {
    t = await createTestEnvironment();
    running = t.track(await createMessagingApp({ ...t.env, MESSAGING_HTTP_PORT: '0' }));
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    t.track({ close: () => sql.end() });
    const { nc } = running.services;
    const membership = nc.subscribe(commandSubject(t.prefix, membershipGet), {
      callback: (_error, msg) => {
        readThroughs++;
        const { villageId: village, userId } = msg.json<{ villageId: string; userId: string }>();
        const answer = identityAnswers.get(`${village}:${userId}`) ?? {
          village: { id: village, visibility: 'private' as const },
          role: null,
        };
        msg.respond(JSON.stringify({ data: answer }));
      },
    });
    const metadata = nc.subscribe(commandSubject(t.prefix, metadataGet), {
      callback: (_error, msg) => {
        msg.respond(JSON.stringify({ error: { code: 'not_found', message: 'No such document' } }));
      },
    });
    t.track({
      close: () => {
        membership.unsubscribe();
        metadata.unsubscribe();
        return Promise.resolve();
      },
    });
    await sql.query("select messaging.apply_village_event($1, 'private', false, now(), $2)", [
      villageId,
      randomUUID(),
    ]);
  });

  afterAll(() => t.cleanup());

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

    const before = readThroughs;
    const created = await call<ResponseOf<typeof conversationCreate>>(
      conversationCreate,
      { villageId, memberIds: [bob.userId, late.userId, bob.userId] },
      ann,
    );
    expect([...created.memberIds].sort()).toEqual([ann.userId, bob.userId, late.userId].sort());
    expect(readThroughs).toBe(before + 1);

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
      // Read up to the latest message at that moment.
      await new Promise((resolve) => setTimeout(resolve, i * 3));
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
        msg.respond(JSON.stringify({ data: { files: fileIds.map((fileId) => ({ fileId, reason: null })) } }));
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
