import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import {
  commandSubject,
  eventSubject,
  eventType,
  membershipGet,
  metadataGet,
  metadataUpdated,
  topicCheckIds,
  topicCreate,
  topicDelete,
  topicGet,
  topicList,
  topicUpdate,
  villageCreated,
  villageDeleted,
  type EventDefinition,
  type ResponseOf,
  type Topic,
} from '@vv/contracts';
import { connect } from '@nats-io/transport-node';
import { loadConfig, type Actor, type RunningApp } from '@vv/platform';
import {
  appliedBy,
  createTestEnvironment,
  envelopeOf,
  eventually,
  publishEnvelope,
  type TestEnvironment,
} from '@vv/testing';
import { Client } from 'pg';
import { createMessagingApp } from '../src/app';
import { messagingConfigSchema } from '../src/config';
import { migrateMessaging } from '../src/migrations';

type Page = ResponseOf<typeof topicList>;

/**
 * Topics against messaging alone on real PostgreSQL and NATS: the app's fixed topics from
 * `app/topics` (read at start from a stand-in identity, then from identity's stream), and the
 * moderation rules.
 */
describe('topics (messaging, real PostgreSQL + NATS)', () => {
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
  const publish = async (def: EventDefinition, villageId: string | null, data: unknown): Promise<void> => {
    const js = jetstream(running.services.nc);
    await js.publish(
      eventSubject(t.prefix, def),
      JSON.stringify({
        id: randomUUID(),
        type: eventType(def),
        version: def.version,
        occurredAt: new Date().toISOString(),
        villageId,
        actorId: null,
        data,
      }),
    );
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
        msg.respond(
          JSON.stringify(
            key === 'topics'
              ? {
                  data: {
                    scope: 'app',
                    key,
                    version: 1,
                    value: appTopics,
                    updatedBy: null,
                    createdAt: now,
                    updatedAt: now,
                  },
                }
              : { error: { code: 'not_found', message: 'No such document' } },
          ),
        );
      },
    });
    nc.subscribe(commandSubject(t.prefix, membershipGet), {
      callback: (_error, msg) => {
        const { villageId } = msg.json<{ villageId: string }>();
        msg.respond(
          JSON.stringify({ data: { village: { id: villageId, visibility: 'private' }, role: null } }),
        );
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

  it('creates the fixed topics of app/topics in existing villages at start, and in new villages from village.created, once', async () => {
    await eventually(async () =>
      expect(await fixedOf(existing)).toEqual([
        { fixed_key: 'announcements', title: 'Announcements', locked: true },
        { fixed_key: 'welcome', title: 'Welcome', locked: false },
      ]),
    );

    const fresh = randomUUID();
    const created = {
      villageId: fresh,
      name: 'New',
      visibility: 'public',
      fixedKey: null,
      ownerId: null,
      ownerRole: null,
    };
    await publish(villageCreated, fresh, created);
    await publish(villageCreated, fresh, created); // a redelivery-like duplicate
    await eventually(async () =>
      expect((await fixedOf(fresh)).map((r) => r.fixed_key)).toEqual(['announcements', 'welcome']),
    );

    // A newer document adds a topic everywhere and renames one; nothing is duplicated.
    await publish(metadataUpdated, null, {
      scope: 'app',
      key: 'topics',
      version: 2,
      deleted: false,
      villageId: null,
      value: { ...appTopics, welcome: { title: 'Hello there' }, market: { title: 'Market' } },
    });
    for (const village of [existing, fresh]) {
      await eventually(async () =>
        expect((await fixedOf(village)).map((r) => `${r.fixed_key}:${r.title}`)).toEqual([
          'announcements:Announcements',
          'market:Market',
          'welcome:Hello there',
        ]),
      );
    }
    // An invalid document is ignored.
    await publish(metadataUpdated, null, {
      scope: 'app',
      key: 'topics',
      version: 3,
      deleted: false,
      villageId: null,
      value: { 'bad key!': { title: '' } },
    });
    await publish(villageCreated, fresh, created);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await fixedOf(fresh)).toHaveLength(3);

    const listed = await call<Page>(topicList, { villageId: existing, limit: 50 }, ann);
    expect(listed.items.filter((topic) => topic.fixed)).toHaveLength(3);
  });

  it('gives a village no fixed topics when its village.deleted is applied before its village.created', async () => {
    await eventually(async () => expect(await fixedOf(existing)).not.toHaveLength(0));
    const villageId = randomUUID();
    const createdAt = new Date(Date.now() - 1000).toISOString();
    const deleted = envelopeOf(villageDeleted, { villageId });
    const created = envelopeOf(
      villageCreated,
      { villageId, name: 'Gone', visibility: 'public', fixedKey: null, ownerId: null, ownerRole: null },
      { occurredAt: createdAt },
    );
    for (const [def, envelope] of [
      [villageDeleted, deleted],
      [villageCreated, created],
    ] as const) {
      await publishEnvelope(running.services.nc, t.prefix, def, envelope);
      await appliedBy(sql, 'messaging', 'messaging-fixed-topics', envelope.id);
    }
    expect(await fixedOf(villageId)).toEqual([]);
  });

  it('refuses to delete a fixed topic, even to an admin', async () => {
    const fixed = (await call<Page>(topicList, { villageId: existing, limit: 50 }, ann)).items.find(
      (x) => x.fixed,
    );
    expect(fixed).toBeDefined();
    await expect(call(topicDelete, { topicId: fixed?.id }, admin)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('lists pinned topics first, hides archived ones unless asked, and pages without repeats', async () => {
    const village = randomUUID();
    await sql.query("select messaging.apply_village_event($1, 'private', false, now(), $2)", [
      village,
      randomUUID(),
    ]);
    await join(village, ann.userId);
    await join(village, admin.userId, 'admin');
    const made: Topic[] = [];
    for (let i = 0; i < 7; i++)
      made.push(await call<Topic>(topicCreate, { villageId: village, title: `t${i}` }, ann));
    await call(topicUpdate, { topicId: made[1].id, patch: { pinned: true } }, admin);
    await call(topicUpdate, { topicId: made[5].id, patch: { archived: true } }, admin);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call<Page>(topicList, { villageId: village, limit: 2, cursor }, ann);
      seen.push(...page.items.map((topic) => topic.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['t1', 't6', 't4', 't3', 't2', 't0']);
    const archived = await call<Page>(topicList, { villageId: village, archived: true }, ann);
    expect(archived.items.map((topic) => topic.title)).toEqual(['t5']);
  });

  it('says which ids are topics of a village (topic.check_ids, internal), to its readers only', async () => {
    const other = randomUUID();
    await sql.query("select messaging.apply_village_event($1, 'private', false, now(), $2)", [
      other,
      randomUUID(),
    ]);
    await join(other, ann.userId);
    const [here, archived, elsewhere] = await Promise.all([
      call<Topic>(topicCreate, { villageId: existing, title: 'Here' }, ann),
      call<Topic>(topicCreate, { villageId: existing, title: 'Archived' }, ann),
      call<Topic>(topicCreate, { villageId: other, title: 'Elsewhere' }, ann),
    ]);
    await call(topicUpdate, { topicId: archived.id, patch: { archived: true } }, admin);
    const unknown = randomUUID();
    const answer = await call<{ topicIds: string[] }>(
      topicCheckIds,
      { villageId: existing, topicIds: [here.id, elsewhere.id, unknown, archived.id] },
      ann,
    );
    expect(answer.topicIds.sort()).toEqual([here.id, archived.id].sort());
    await expect(
      call(topicCheckIds, { villageId: other, topicIds: [elsewhere.id] }, bob),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lets the creator or a moderator edit, only moderators pin/lock/archive/delete, and outsiders see nothing', async () => {
    const topic = await call<Topic>(
      topicCreate,
      { villageId: existing, title: 'Mine', description: 'd' },
      ann,
    );
    await expect(
      call(topicUpdate, { topicId: topic.id, patch: { title: 'Renamed' } }, ann),
    ).resolves.toMatchObject({
      title: 'Renamed',
    });
    await expect(
      call(topicUpdate, { topicId: topic.id, patch: { title: 'Nope' } }, bob),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      call(topicUpdate, { topicId: topic.id, patch: { locked: true } }, ann),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(call(topicDelete, { topicId: topic.id }, ann)).rejects.toMatchObject({ code: 'forbidden' });
    const outsider = actor();
    await expect(call(topicGet, { topicId: topic.id }, outsider)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(call(topicCreate, { villageId: existing, title: 'x' }, outsider)).rejects.toMatchObject({
      code: 'not_found',
    });
    await call(topicDelete, { topicId: topic.id }, admin);
    await expect(call(topicGet, { topicId: topic.id }, ann)).rejects.toMatchObject({ code: 'not_found' });
  });
});
