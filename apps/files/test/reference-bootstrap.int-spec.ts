import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  attachmentSnapshot,
  avatarSnapshot,
  membershipSnapshot,
  messageDeleted,
  messageSent,
  serviceStreamName,
  userProfileUpdated,
} from '@vv/contracts';
import { ensureServiceStream, loadConfig, type RunningApp } from '@vv/platform';
import {
  appliedBy,
  createTestEnvironment,
  envelopeOf,
  publishEnvelope,
  publishEvent,
  SnapshotResponder,
  startTestS3,
  type TestEnvironment,
} from '@vv/testing';
import { Client } from 'pg';
import { createFilesApp } from '../src/app';
import { filesConfigSchema } from '../src/config';
import { FileReferencesConsumer, FILES_MESSAGING_CONSUMER } from '../src/consumers/file-references.consumer';
import { migrateFiles } from '../src/migrations';

/**
 * Files' attachment grants and avatars never depend on the streams' retention: started on streams
 * whose early events were purged, files loads them from messaging's and identity's snapshots (stand-ins
 * over real NATS), drops a grant whose message is gone, and carries on from the streams.
 */
describe('files: grants and avatars bootstrapped from their owners’ snapshots', () => {
  let t: TestEnvironment;
  let nc: NatsConnection;
  let sql: Client;
  let running: RunningApp;
  const villageId = randomUUID();
  const [author, reader, avatarOwner] = [randomUUID(), randomUUID(), randomUUID()];
  const [attachment, avatar, orphan] = [randomUUID(), randomUUID(), randomUUID()];
  const [messageId, goneMessageId] = [randomUUID(), randomUUID()];
  const longAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString();

  const readyFile = (id: string) =>
    sql.query(
      `insert into files.files (id, village_id, owner_id, name, folder, content_type, size, status, uploaded_at, object_key)
       values ($1, $2, $3, 'a.png', '/', 'image/png', 1, 'ready', now(), $4)`,
      [id, villageId, author, `villages/${villageId}/files/${id}`],
    );
  const granted = async (fileId: string, userId: string): Promise<boolean> =>
    (
      await sql.query<{ granted: boolean }>('select granted from files.get_file_for($1, $2)', [
        fileId,
        userId,
      ])
    ).rows[0].granted;
  const message = (id: string) => ({
    conversationId: randomUUID(),
    messageId: id,
    villageId,
    authorId: author,
  });

  beforeAll(async () => {
    t = await createTestEnvironment();
    const s3 = t.track(await startTestS3());
    nc = await connect({ servers: t.natsUrl });
    t.track({ close: () => nc.close() });
    await migrateFiles(loadConfig(filesConfigSchema, { ...t.env, ...s3.env }));
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    t.track({ close: () => sql.end() });
    for (const id of [attachment, avatar, orphan]) await readyFile(id);
    // What files kept before: a grant of a message since deleted (its message.deleted long gone).
    await sql.query('insert into files.file_grants (file_id, user_id, message_id) values ($1, $2, $3)', [
      orphan,
      reader,
      goneMessageId,
    ]);

    // History the streams no longer hold.
    for (const service of ['identity', 'messaging'] as const)
      await ensureServiceStream(nc, t.prefix, service);
    await publishEvent(
      nc,
      t.prefix,
      messageSent,
      { ...message(messageId), recipientIds: [reader], attachments: [attachment] },
      {
        occurredAt: longAgo,
      },
    );
    await publishEvent(
      nc,
      t.prefix,
      userProfileUpdated,
      { userId: avatarOwner, changed: ['avatarFileId'], displayName: 'Ada', avatarFileId: avatar },
      { occurredAt: longAgo },
    );
    const jsm = await jetstreamManager(nc);
    for (const service of ['identity', 'messaging'] as const) {
      await jsm.streams.purge(serviceStreamName(t.prefix, service));
    }

    // The owners' snapshots.
    t.track(
      new SnapshotResponder(nc, t.prefix, attachmentSnapshot, () => [
        { messageId, authorId: author, recipientIds: [reader], attachments: [attachment] },
      ]),
    );
    t.track(
      new SnapshotResponder(nc, t.prefix, avatarSnapshot, () => [
        { userId: avatarOwner, avatarFileId: avatar, versionAt: longAgo },
      ]),
    );
    t.track(new SnapshotResponder(nc, t.prefix, membershipSnapshot, () => []));

    running = t.track(await createFilesApp({ ...t.env, FILES_HTTP_PORT: '0', ...s3.env }));
  });

  afterAll(() => t.cleanup());

  it('knows a message’s readers and a user’s avatar from before, and forgets a deleted message’s', async () => {
    await running.app.get(FileReferencesConsumer).bootstrapped();
    expect(await granted(attachment, reader)).toBe(true);
    expect(await granted(attachment, author)).toBe(true);
    expect(await granted(orphan, reader)).toBe(false);
    const { rows } = await sql.query<{ fileId: string }>(
      'select file_id as "fileId" from files.avatars where user_id = $1',
      [avatarOwner],
    );
    expect(rows).toEqual([{ fileId: avatar }]);

    // The stream carries on from the snapshot.
    const deleted = envelopeOf(messageDeleted, { ...message(messageId), recipientIds: [reader] });
    await publishEnvelope(nc, t.prefix, messageDeleted, deleted);
    await appliedBy(sql, 'files', FILES_MESSAGING_CONSUMER, deleted.id);
    expect(await granted(attachment, reader)).toBe(false);
  });
});
