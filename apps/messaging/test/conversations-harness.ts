import { randomUUID } from 'node:crypto';
import { commandSubject, membershipGet, metadataGet, type ResponseOf } from '@vv/contracts';
import { respondData, respondError, type Actor, type RunningApp } from '@vv/platform';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { createMessagingApp } from '../src/app';

type MembershipAnswer = ResponseOf<typeof membershipGet>;

export type ConversationsSuite = ReturnType<typeof conversationsSuite>;

/**
 * Messaging alone on real PostgreSQL and NATS, with stand-ins for identity and files. Registers the suite's beforeAll/afterAll; the tests read what it set up.
 */
export function conversationsSuite() {
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
        respondData(msg, answer);
      },
    });
    const metadata = nc.subscribe(commandSubject(t.prefix, metadataGet), {
      callback: (_error, msg) => {
        respondError(msg, { code: 'not_found', message: 'No such document' });
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

  return {
    get t() {
      return t;
    },
    get running() {
      return running;
    },
    get sql() {
      return sql;
    },
    get readThroughs() {
      return readThroughs;
    },
    identityAnswers,
    villageId,
    actor,
    join,
    call,
  };
}
