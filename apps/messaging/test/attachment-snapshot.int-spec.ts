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
import type { Actor, RunningApp } from '@vv/platform';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { createMessagingApp } from '../src/app';

type Page = ResponseOf<typeof attachmentSnapshot>;

/** The internal snapshot files rebuilds its attachment grants from, against real PostgreSQL and NATS. */
describe('messaging: attachment snapshot', () => {
  let t: TestEnvironment;
  let running: RunningApp;
  let sql: Client;
  const villageId = randomUUID();
  const actor = (): Actor => ({ userId: randomUUID(), sessionId: randomUUID() });

  const call = <R>(
    def: Parameters<RunningApp['services']['rpcClient']['call']>[0],
    request: unknown,
    by?: Actor,
  ) => running.services.rpcClient.call(def, request, { actor: by }) as Promise<R>;
  const join = (userId: string) =>
    sql.query("select messaging.apply_membership_event($1, $2, 'member', false, now(), $3)", [
      villageId,
      userId,
      randomUUID(),
    ]);

  beforeAll(async () => {
    t = await createTestEnvironment();
    running = t.track(await createMessagingApp({ ...t.env, MESSAGING_HTTP_PORT: '0' }));
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    t.track({ close: () => sql.end() });
    // Files' stand-in: every attachment may be used.
    const files = running.services.nc.subscribe(commandSubject(t.prefix, fileCheckUse), {
      callback: (_error, msg) => {
        const { fileIds } = msg.json<{ fileIds: string[] }>();
        msg.respond(JSON.stringify({ data: { files: fileIds.map((fileId) => ({ fileId, reason: null })) } }));
      },
    });
    t.track({
      close: () => {
        files.unsubscribe();
        return Promise.resolve();
      },
    });
    await sql.query("select messaging.apply_village_event($1, 'private', false, now(), $2)", [
      villageId,
      randomUUID(),
    ]);
  });

  afterAll(() => t.cleanup());

  it('pages every live message with attachments, with its author and recipients', async () => {
    const [ann, bob, cy] = [actor(), actor(), actor()];
    for (const member of [ann, bob, cy]) await join(member.userId);
    const { id: conversationId } = await call<{ id: string }>(
      conversationCreate,
      { villageId, memberIds: [bob.userId, cy.userId] },
      ann,
    );
    const send = (body: string, attachments: string[]) =>
      call<{ id: string }>(messageSend, { conversationId, body, attachments }, ann);
    const [first, second, gone] = [[randomUUID()], [randomUUID(), randomUUID()], [randomUUID()]];
    const kept = [await send('one', first), await send('two', second)];
    await send('plain', []);
    const deleted = await send('gone', gone);
    await call(messageDelete, { messageId: deleted.id }, ann);

    const items: Page['items'] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await call(attachmentSnapshot, { cursor, limit: 1 });
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
  });
});
