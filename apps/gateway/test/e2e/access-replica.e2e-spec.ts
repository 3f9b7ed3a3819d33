import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  ACCESS_SQL_DIR,
  Access,
  AccessModule,
  MembershipReplicaConsumer,
  ReplicaRepository,
} from '@vv/access';
import {
  eventSubject,
  invitationAcceptMine,
  memberAdd,
  memberRemove,
  memberUpdate,
  membershipAdded,
  serviceStreamName,
  villageCreateCommand,
  type ServiceName,
} from '@vv/contracts';
import {
  baseConfigSchema,
  createServiceApp,
  databaseConfigSchema,
  loadConfig,
  Metrics,
  type Actor,
  type Database,
  type NatsClientProxy,
  type RunningApp,
} from '@vv/platform';
import { createTestDatabase, eventually } from '@vv/testing';
import { bootSuite, type Suite } from './boot-suite';
import { Api, signUp } from './http';

/** What a service using libs/access needs from the environment. */
const serviceConfigSchema = baseConfigSchema.extend(databaseConfigSchema.shape);

/** The signed-in user behind an access token, as identity's commands expect the caller. */
const actorOf = (accessToken: string): Actor => {
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as {
    sub: string;
    sid: string;
  };
  return { userId: claims.sub, sessionId: claims.sid };
};

describe('libs/access membership replica against identity', () => {
  let suite: Suite;
  let api: Api;
  let sqlDir: string;
  let subscriber: RunningApp;
  let files: RunningApp;
  let rpc: NatsClientProxy;
  const repository = new ReplicaRepository('notifications');

  /** A minimal service of the suite: its schema holds the replica (platform + access SQL, none of its own). */
  /** Its own database when given: the suite already runs a service of that name (files) in the suite's. */
  const bootService = async (
    service: ServiceName,
    consume: boolean,
    databaseUrl = suite.environment.env.DATABASE_URL,
  ): Promise<RunningApp> =>
    suite.environment.track(
      await createServiceApp({
        service,
        config: loadConfig(serviceConfigSchema, { ...suite.environment.env, DATABASE_URL: databaseUrl }),
        modules: [AccessModule.forService({ service, consume })],
        port: 0,
        host: '127.0.0.1',
        migrationsDir: sqlDir,
        migrationSources: [{ name: 'access', dir: ACCESS_SQL_DIR }],
      }),
    );
  const subscriberDb = (): Database => subscriber.services.db!;
  const replicaRole = async (villageId: string, userId: string): Promise<string | null> =>
    (await repository.membership(subscriberDb(), villageId, userId)).role;
  /** member.add as the owner, then the member accepts the invitation it makes (their consent). */
  const addMember = async (villageId: string, owner: Actor, member: Actor): Promise<void> => {
    const added = await rpc.call(
      memberAdd,
      { villageId, userId: member.userId, role: 'member' },
      { actor: owner },
    );
    if (added.outcome === 'invited')
      await rpc.call(invitationAcceptMine, { invitationId: added.id }, { actor: member });
  };
  const newVillage = async (owner: Actor): Promise<string> =>
    (await rpc.call(villageCreateCommand, { name: 'Elm Street', visibility: 'private' }, { actor: owner }))
      .id;

  beforeAll(async () => {
    sqlDir = await mkdtemp(join(tmpdir(), 'vv-access-e2e-'));
    suite = await bootSuite();
    api = new Api(suite.url);
    subscriber = await bootService('notifications', true);
    const ownDatabase = await createTestDatabase();
    suite.environment.track({ close: () => ownDatabase.drop() });
    files = await bootService('files', false, ownDatabase.url);
    rpc = subscriber.services.client;
  });

  afterAll(async () => {
    await suite.close();
    await rm(sqlDir, { recursive: true, force: true });
  });

  it('follows add, role change and removal', async () => {
    const owner = actorOf((await signUp(api, 'Olive Owner')).accessToken);
    const member = actorOf((await signUp(api, 'Mo Member')).accessToken);

    const villageId = await newVillage(owner);
    await eventually(async () => expect(await replicaRole(villageId, owner.userId)).toBe('owner'));

    await addMember(villageId, owner, member);
    await eventually(async () => expect(await replicaRole(villageId, member.userId)).toBe('member'));

    await rpc.call(memberUpdate, { villageId, userId: member.userId, role: 'admin' }, { actor: owner });
    await eventually(async () => expect(await replicaRole(villageId, member.userId)).toBe('admin'));

    await rpc.call(memberRemove, { villageId, userId: member.userId }, { actor: owner });
    await eventually(async () => expect(await replicaRole(villageId, member.userId)).toBeNull());

    const access = subscriber.app.get(Access);
    await expect(access.assert(member, 'village.read', villageId)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(access.assert(owner, 'village.delete', villageId)).resolves.toMatchObject({ role: 'owner' });
  });

  it('answers a miss by asking identity, and stores the answer', async () => {
    // The files service here consumes no events: its replica learns only by reading through.
    const owner = actorOf((await signUp(api, 'Olive Owner')).accessToken);
    const member = actorOf((await signUp(api, 'Mo Member')).accessToken);
    const villageId = await newVillage(owner);
    await addMember(villageId, owner, member);
    const filesReplica = new ReplicaRepository('files');
    const filesDb = files.services.db!;
    expect(await filesReplica.membership(filesDb, villageId, member.userId)).toMatchObject({
      villageKnown: false,
      memberKnown: false,
    });

    const access = files.app.get(Access);
    expect(await access.can(member, 'files.upload', villageId)).toBe(true);
    expect(await filesReplica.membership(filesDb, villageId, member.userId)).toMatchObject({
      villageKnown: true,
      visibility: 'private',
      role: 'member',
    });
    const readThroughs = await metric(files.services.metrics, 'vv_access_read_through_total', 'member');
    expect(readThroughs).toBe(1);
    // Now answered by the replica alone.
    expect(await access.roleOf(villageId, member.userId)).toBe('member');
    expect(await metric(files.services.metrics, 'vv_access_read_through_total', 'member')).toBe(1);

    // An outsider is refused (private: not_found) and asked about once within the negative cache.
    const outsider = actorOf((await signUp(api, 'Otto Outsider')).accessToken);
    for (let i = 0; i < 3; i++) {
      await expect(access.assert(outsider, 'village.read', villageId)).rejects.toMatchObject({
        code: 'not_found',
      });
    }
    expect(await metric(files.services.metrics, 'vv_access_read_through_total', 'not_member')).toBe(1);
  });

  it('changes nothing when identity’s membership.added is delivered again after a role change', async () => {
    const owner = actorOf((await signUp(api, 'Olive Owner')).accessToken);
    const member = actorOf((await signUp(api, 'Mo Member')).accessToken);
    const villageId = await newVillage(owner);
    await addMember(villageId, owner, member);
    await rpc.call(memberUpdate, { villageId, userId: member.userId, role: 'admin' }, { actor: owner });
    await eventually(async () => expect(await replicaRole(villageId, member.userId)).toBe('admin'));

    const { nc } = subscriber.services;
    const prefix = suite.environment.prefix;
    const subject = eventSubject(prefix, membershipAdded);
    const stored = await (
      await jetstreamManager(nc)
    ).streams.getMessage(serviceStreamName(prefix, 'identity'), {
      last_by_subj: subject,
    });
    const event = stored!.json<{ id: string; data: { userId: string } }>();
    expect(event.data.userId).toBe(member.userId);
    const before = await repository.membership(subscriberDb(), villageId, member.userId);
    const duplicates = await metric(subscriber.services.metrics, 'vv_consumer_handled_total', 'duplicate');
    // A new Nats-Msg-Id, so JetStream stores it again: the consumer sees a redelivery.
    await jetstream(nc).publish(subject, stored!.data, { msgID: `${event.id}-again` });
    await eventually(async () =>
      expect(await metric(subscriber.services.metrics, 'vv_consumer_handled_total', 'duplicate')).toBe(
        duplicates + 1,
      ),
    );
    expect(await repository.membership(subscriberDb(), villageId, member.userId)).toEqual(before);
    expect(subscriber.app.get(MembershipReplicaConsumer, { strict: false })).toBeInstanceOf(
      MembershipReplicaConsumer,
    );
  });

  it('a service deployed after identity’s early events were purged knows the old members', async () => {
    const owner = actorOf((await signUp(api, 'Olive Owner')).accessToken);
    const member = actorOf((await signUp(api, 'Mo Member')).accessToken);
    const villageId = await newVillage(owner);
    await addMember(villageId, owner, member);
    await eventually(async () => expect(await replicaRole(villageId, member.userId)).toBe('member'));

    // Notifications goes away with its consumer; identity's stream forgets what it saw.
    await subscriber.close();
    const { nc, client } = files.services;
    const jsm = await jetstreamManager(nc);
    const identityStream = serviceStreamName(suite.environment.prefix, 'identity');
    await jsm.consumers.delete(identityStream, 'notifications-membership-replica');
    await jsm.streams.purge(identityStream);

    // Deployed again on a fresh schema: nothing in the stream tells it about the village.
    const ownDatabase = await createTestDatabase();
    suite.environment.track({ close: () => ownDatabase.drop() });
    const late = await bootService('notifications', true, ownDatabase.url);
    await late.app.get(MembershipReplicaConsumer, { strict: false }).bootstrapped();
    const lateDb = late.services.db!;
    expect((await repository.membership(lateDb, villageId, member.userId)).role).toBe('member');
    expect((await repository.membership(lateDb, villageId, owner.userId)).role).toBe('owner');
    expect(await metric(late.services.metrics, 'vv_replica_bootstrap_total', 'completed')).toBe(1);

    // And follows identity from there.
    await client.call(memberRemove, { villageId, userId: member.userId }, { actor: owner });
    await eventually(async () =>
      expect((await repository.membership(lateDb, villageId, member.userId)).role).toBeNull(),
    );
  });
});

/** A counter's value for one `outcome` label (0 when never counted). */
async function metric(metrics: Metrics, name: string, outcome: string): Promise<number> {
  const found = metrics.registry.getSingleMetric(name);
  if (!found) return 0;
  const { values } = await found.get();
  return values
    .filter((value) => value.labels.outcome === outcome)
    .reduce((sum, value) => sum + value.value, 0);
}
