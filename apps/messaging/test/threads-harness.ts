import { randomUUID } from 'node:crypto';
import {
  commandSubject,
  membershipGet,
  metadataGet,
  type Post,
  postCreate,
  postList,
  type ResponseOf,
  topicCreate,
} from '@vv/contracts';
import { respondData, respondError, type Actor, type RunningApp } from '@vv/platform';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { createMessagingApp } from '../src/app';

export type Page = ResponseOf<typeof postList>;

export type ThreadsSuite = ReturnType<typeof threadsSuite>;

/**
 * Messaging alone on real PostgreSQL and NATS, with a village, its members and a topic. Registers the suite's beforeAll/afterAll; the tests read what it set up.
 * `env` adds variables of the app (e.g. REDIS_URL).
 */
export function threadsSuite(env: Record<string, string> = {}) {
  let t: TestEnvironment;
  let running: RunningApp;
  let sql: Client;
  const villageId = randomUUID();
  const actor = (): Actor => ({ userId: randomUUID(), sessionId: randomUUID() });
  const ann = actor();
  const bob = actor();
  const admin = actor();

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
  const post = (topicId: string, body: string, by: Actor, parentId?: string) =>
    call<Post>(postCreate, { topicId, body, parentId }, by);
  const newTopic = async (): Promise<string> =>
    (await call<{ id: string }>(topicCreate, { villageId, title: `t ${randomUUID()}` }, ann)).id;
  const walk = async (topicId: string, limit: number, between?: (page: number) => Promise<void>) => {
    const seen: Post[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await call<Page>(postList, { topicId, limit, cursor }, ann);
      seen.push(...result.items);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
      if (between) await between(page);
    }
    return seen;
  };

  beforeAll(async () => {
    t = await createTestEnvironment();
    running = t.track(await createMessagingApp({ ...t.env, ...env, MESSAGING_HTTP_PORT: '0' }));
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    t.track({ close: () => sql.end() });
    const { nc } = running.services;
    const subscriptions = [
      nc.subscribe(commandSubject(t.prefix, membershipGet), {
        callback: (_error, msg) => {
          const { villageId: village } = msg.json<{ villageId: string }>();
          respondData(msg, { village: { id: village, visibility: 'private' }, role: null });
        },
      }),
      nc.subscribe(commandSubject(t.prefix, metadataGet), {
        callback: (_error, msg) => {
          respondError(msg, { code: 'not_found', message: 'No such document' });
        },
      }),
    ];
    t.track({
      close: () => {
        subscriptions.forEach((s) => s.unsubscribe());
        return Promise.resolve();
      },
    });
    await sql.query("select messaging.apply_village_event($1, 'private', false, now(), $2)", [
      villageId,
      randomUUID(),
    ]);
    await join(ann.userId);
    await join(bob.userId);
    await join(admin.userId, 'admin');
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
    villageId,
    actor,
    ann,
    bob,
    admin,
    join,
    call,
    post,
    newTopic,
    walk,
  };
}
