import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  commandSubject,
  type EventDefinition,
  eventSubject,
  eventType,
  membershipGet,
  metadataGet,
  type ResponseOf,
  topicList,
} from '@vv/contracts';
import { type Actor, loadConfig, respondData, respondError, type RunningApp } from '@vv/platform';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { createMessagingApp } from '../src/app';
import { messagingConfigSchema } from '../src/config';
import { migrateMessaging } from '../src/migrations';

export type Page = ResponseOf<typeof topicList>;

export type TopicsSuite = ReturnType<typeof topicsSuite>;

/**
 * Messaging alone on real PostgreSQL and NATS, with a stand-in identity that serves app/topics. Registers the suite's beforeAll/afterAll; the tests read what it set up.
 */
export function topicsSuite() {
  let t: TestEnvironment;
  let running: RunningApp;
  let sql: Client;
  const existing = randomUUID();
  const actor = (): Actor => ({ userId: randomUUID(), sessionId: randomUUID() });
  const ann = actor();
  const bob = actor();
  const admin = actor();
  const appTopics = {
    announcements: { title: 'Announcements', description: 'From the app', locked: true },
    welcome: { title: 'Welcome' },
  };

  const call = <R>(
    def: Parameters<RunningApp['services']['client']['call']>[0],
    request: unknown,
    by: Actor,
  ) => running.services.client.call(def, request, { actor: by }) as Promise<R>;
  const join = (villageId: string, userId: string, role = 'member') =>
    sql.query('select messaging.apply_membership_event($1, $2, $3, false, now(), $4)', [
      villageId,
      userId,
      role,
      randomUUID(),
    ]);
  /** Publishes an identity event as its relay would; resolves to its id. */
  const publish = async (def: EventDefinition, villageId: string | null, data: unknown): Promise<string> => {
    const js = jetstream(running.services.nc);
    const id = randomUUID();
    await js.publish(
      eventSubject(t.prefix, def),
      JSON.stringify({
        id,
        type: eventType(def),
        version: def.version,
        occurredAt: new Date().toISOString(),
        villageId,
        actorId: null,
        data,
      }),
    );
    return id;
  };
  const fixedOf = async (villageId: string) =>
    (
      await sql.query<{ fixed_key: string; title: string; locked: boolean }>(
        'select fixed_key, title, locked from messaging.topics where village_id = $1 and fixed_key is not null order by fixed_key',
        [villageId],
      )
    ).rows;

  beforeAll(async () => {
    t = await createTestEnvironment();
    // Identity's stand-in answers before messaging starts, so the start-up read finds app/topics.
    const nc = await connect({ servers: t.natsUrl });
    t.track({ close: () => nc.close() });
    nc.subscribe(commandSubject(t.prefix, metadataGet), {
      callback: (_error, msg) => {
        const { key } = msg.json<{ key: string }>();
        const now = new Date().toISOString();
        if (key === 'topics') {
          respondData(msg, {
            scope: 'app',
            key,
            version: 1,
            value: appTopics,
            updatedBy: null,
            createdAt: now,
            updatedAt: now,
          });
        } else {
          respondError(msg, { code: 'not_found', message: 'No such document' });
        }
      },
    });
    nc.subscribe(commandSubject(t.prefix, membershipGet), {
      callback: (_error, msg) => {
        const { villageId } = msg.json<{ villageId: string }>();
        respondData(msg, { village: { id: villageId, visibility: 'private' }, role: null });
      },
    });
    await nc.flush();

    // A village the replica already knows when messaging starts.
    const setup = new Client({ connectionString: t.database.url });
    await migrateMessaging(loadConfig(messagingConfigSchema, t.env));
    await setup.connect();
    await setup.query("select messaging.apply_village_event($1, 'private', false, now(), $2)", [
      existing,
      randomUUID(),
    ]);
    await setup.end();

    running = t.track(await createMessagingApp({ ...t.env, MESSAGING_HTTP_PORT: '0' }));
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    t.track({ close: () => sql.end() });
    await join(existing, ann.userId);
    await join(existing, bob.userId);
    await join(existing, admin.userId, 'admin');
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
    existing,
    actor,
    ann,
    bob,
    admin,
    appTopics,
    call,
    join,
    publish,
    fixedOf,
  };
}
