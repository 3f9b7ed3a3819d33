import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  messageDeleted,
  messageSent,
  metadataUpdated,
  userDeleted,
  userProfileUpdated,
  villageDeleted,
  type EventDefinition,
  type EventEnvelope,
} from '@vv/contracts';
import {
  createTestEnvironment,
  appliedBy,
  envelopeOf,
  eventually,
  publishEnvelope,
  startTestS3,
  type TestEnvironment,
} from '@vv/testing';
import { Client } from 'pg';
import { createFilesApp } from '../src/app';
import { FILES_IDENTITY_CONSUMER, FILES_MESSAGING_CONSUMER } from '../src/consumers/file-references.consumer';

/**
 * What files keeps from identity's and messaging's events (attachment grants, avatars, a village's
 * settings), against real PostgreSQL, NATS and S3, with the producers stood in for by events on
 * their streams. Each order-sensitive pair is delivered in order and in reverse (the newer event
 * first, as a redelivery after a failure or another consumer's lag makes it): the result is the same.
 */
describe('files: references kept from events, whatever their order', () => {
  let t: TestEnvironment;
  let nc: NatsConnection;
  let sql: Client;
  let clock = Date.parse('2030-01-01T00:00:00.000Z');
  /** Event times in the order the producer made them, whatever order they are delivered in. */
  const tick = (): string => new Date((clock += 1000)).toISOString();

  /** Delivers the envelopes in the order given and waits until the consumer has applied each. */
  const deliver = async (consumer: string, ...events: Array<[EventDefinition, EventEnvelope]>) => {
    for (const [def, envelope] of events) {
      await publishEnvelope(nc, t.prefix, def, envelope);
      await appliedBy(sql, 'files', consumer, envelope.id);
    }
  };
  const readyFile = async (villageId: string): Promise<string> => {
    const id = randomUUID();
    await sql.query(
      `insert into files.files (id, village_id, owner_id, name, folder, content_type, size, status, uploaded_at, object_key)
       values ($1, $2, $3, 'a.png', '/', 'image/png', 1, 'ready', now(), $4)`,
      [id, villageId, randomUUID(), `villages/${villageId}/files/${id}`],
    );
    return id;
  };
  const granted = async (fileId: string, userId: string): Promise<boolean> =>
    (
      await sql.query<{ granted: boolean }>('select granted from files.get_file_for($1, $2)', [
        fileId,
        userId,
      ])
    ).rows[0].granted;
  const avatarOf = async (userId: string): Promise<string | null> =>
    (
      await sql.query<{ fileId: string | null }>(
        'select file_id as "fileId" from files.avatars where user_id = $1',
        [userId],
      )
    ).rows[0]?.fileId ?? null;

  beforeAll(async () => {
    t = await createTestEnvironment();
    const s3 = t.track(await startTestS3());
    t.track(
      await createFilesApp({ ...t.env, FILES_HTTP_PORT: '0', TOMBSTONE_PURGE_INTERVAL_MS: '100', ...s3.env }),
    );
    nc = await connect({ servers: t.natsUrl });
    t.track({ close: () => nc.close() });
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    t.track({ close: () => sql.end() });
  });

  afterAll(async () => {
    await t.cleanup();
  });

  it('grants a message’s attachment until message.deleted, in either order', async () => {
    const villageId = randomUUID();
    const fileId = await readyFile(villageId);
    const [authorId, readerId] = [randomUUID(), randomUUID()];
    const message = (messageId: string) => ({
      conversationId: randomUUID(),
      messageId,
      villageId,
      authorId,
      recipientIds: [readerId],
    });
    const sentAndDeleted = (messageId: string): Array<[EventDefinition, EventEnvelope]> => [
      [
        messageSent,
        envelopeOf(messageSent, { ...message(messageId), attachments: [fileId] }, { occurredAt: tick() }),
      ],
      [messageDeleted, envelopeOf(messageDeleted, message(messageId), { occurredAt: tick() })],
    ];

    const [sent, deleted] = sentAndDeleted(randomUUID());
    await deliver(FILES_MESSAGING_CONSUMER, sent);
    expect(await granted(fileId, readerId)).toBe(true);
    await deliver(FILES_MESSAGING_CONSUMER, deleted);
    expect(await granted(fileId, readerId)).toBe(false);

    await deliver(FILES_MESSAGING_CONSUMER, ...sentAndDeleted(randomUUID()).reverse());
    expect(await granted(fileId, readerId)).toBe(false);
    expect(await granted(fileId, authorId)).toBe(false);
  });

  it('keeps the newest avatar, and none after user.deleted, in either order', async () => {
    const villageId = randomUUID();
    const [first, second] = [await readyFile(villageId), await readyFile(villageId)];
    const profile = (userId: string, avatarFileId: string) =>
      envelopeOf(
        userProfileUpdated,
        { userId, changed: ['avatarFileId'], displayName: 'Ada', avatarFileId },
        { occurredAt: tick() },
      );
    const inOrder = randomUUID();
    const reversed = randomUUID();
    const changes = (userId: string): Array<[EventDefinition, EventEnvelope]> => [
      [userProfileUpdated, profile(userId, first)],
      [userProfileUpdated, profile(userId, second)],
    ];
    await deliver(FILES_IDENTITY_CONSUMER, ...changes(inOrder));
    await deliver(FILES_IDENTITY_CONSUMER, ...changes(reversed).reverse());
    expect(await avatarOf(inOrder)).toBe(second);
    expect(await avatarOf(reversed)).toBe(second);

    const gone = (userId: string): Array<[EventDefinition, EventEnvelope]> => [
      [userProfileUpdated, profile(userId, first)],
      [userDeleted, envelopeOf(userDeleted, { userId }, { occurredAt: tick() })],
    ];
    const deletedInOrder = randomUUID();
    const deletedReversed = randomUUID();
    await deliver(FILES_IDENTITY_CONSUMER, ...gone(deletedInOrder));
    await deliver(FILES_IDENTITY_CONSUMER, ...gone(deletedReversed).reverse());
    expect(await avatarOf(deletedInOrder)).toBeNull();
    expect(await avatarOf(deletedReversed)).toBeNull();
  });

  it('keeps a deleted village’s files settings deleted when an older metadata.updated arrives late', async () => {
    const settings = (villageId: string) =>
      envelopeOf(
        metadataUpdated,
        {
          scope: `village:${villageId}`,
          key: 'files',
          version: 1,
          deleted: false,
          value: { maxSizeBytes: 1000 },
          villageId,
        },
        { occurredAt: tick() },
      );
    const villageSettings = async (villageId: string) =>
      (
        await sql.query<{ villageValue: unknown }>(
          'select village_value as "villageValue" from files.get_settings($1)',
          [villageId],
        )
      ).rows[0].villageValue;
    const lifecycle = (villageId: string): Array<[EventDefinition, EventEnvelope]> => [
      [metadataUpdated, settings(villageId)],
      [villageDeleted, envelopeOf(villageDeleted, { villageId }, { occurredAt: tick() })],
    ];
    const inOrder = randomUUID();
    const reversed = randomUUID();
    await deliver(FILES_IDENTITY_CONSUMER, ...lifecycle(inOrder));
    await deliver(FILES_IDENTITY_CONSUMER, ...lifecycle(reversed).reverse());
    expect(await villageSettings(inOrder)).toBeNull();
    expect(await villageSettings(reversed)).toBeNull();
  });

  it('purges its tombstones, and the replica’s, once older than the stream’s retention', async () => {
    const [messageId, userId, villageId] = [randomUUID(), randomUUID(), randomUUID()];
    const message = {
      conversationId: randomUUID(),
      messageId,
      villageId,
      authorId: userId,
      recipientIds: [],
    };
    await deliver(FILES_MESSAGING_CONSUMER, [messageDeleted, envelopeOf(messageDeleted, message)]);
    await deliver(
      FILES_IDENTITY_CONSUMER,
      [userDeleted, envelopeOf(userDeleted, { userId })],
      [villageDeleted, envelopeOf(villageDeleted, { villageId })],
    );
    const tombstones = async () =>
      (
        await sql.query<{ count: number }>(
          `select ((select count(*) from files.deleted_messages where message_id = $1)
                + (select count(*) from files.avatars where user_id = $2)
                + (select count(*) from files.settings where scope = $3)
                + (select count(*) from files.villages where id::text = $3))::int as count`,
          [messageId, userId, villageId],
        )
      ).rows[0].count;
    expect(await tombstones()).toBe(4);

    const nineDaysAgo = new Date(Date.now() - 9 * 24 * 3600 * 1000);
    await sql.query('update files.deleted_messages set updated_at = $2 where message_id = $1', [
      messageId,
      nineDaysAgo,
    ]);
    await sql.query('update files.avatars set updated_at = $2 where user_id = $1', [userId, nineDaysAgo]);
    await sql.query('update files.settings set updated_at = $2 where scope = $1', [villageId, nineDaysAgo]);
    await sql.query('update files.villages set updated_at = $2 where id = $1', [villageId, nineDaysAgo]);
    await eventually(async () => expect(await tombstones()).toBe(0));
  });
});
