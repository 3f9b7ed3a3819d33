import { jetstream } from '@nats-io/jetstream';
import {
  authLogin,
  authLogout,
  authRefresh,
  eventEnvelope,
  eventSubject,
  findEvent,
  meDelete,
  meUpdate,
  serviceStreamName,
  sessionRevoked,
  type EventKey,
} from '@vv/contracts';
import { actorOf, expectCode, startIdentity, type IdentityHarness } from './identity-harness';

interface OutboxRow {
  id: string;
  type: string;
  version: number;
  actor_id: string | null;
  village_id: string | null;
  data: unknown;
}

describe('identity events: every emitted event matches its contract', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentity();
  });

  afterAll(async () => {
    await h.t.cleanup();
  });

  const waitForRelay = async (): Promise<void> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await h.sql.query<{ n: number }>(
        'select count(*)::int as n from identity.outbox where published_at is null',
      );
      if (rows[0].n === 0) return;
      if (Date.now() > deadline) throw new Error('the outbox relay did not publish in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('writes events whose payloads validate, and publishes them to JetStream in their envelopes', async () => {
    const user = await h.signup({ displayName: 'Eve' });
    const login = await h.rpc.call(authLogin, { email: user.email, password: user.password });
    await h.rpc.call(
      meUpdate,
      { displayName: 'Eve Two', sharing: { email: 'public' } },
      { actor: user.actor },
    );
    await h.rpc.call(meDelete, {}, { actor: user.actor });

    const { rows } = await h.sql.query<OutboxRow>(
      'select id, type, version, actor_id, village_id, data from identity.outbox order by seq',
    );
    const keys = rows.map((row) => `${row.type}.v${row.version}` as EventKey);
    expect(keys).toEqual([
      'identity.user.registered.v1',
      'identity.user.profile_updated.v1',
      // Deleting the account ends both of its sessions (signup's and login's).
      'identity.session.revoked.v1',
      'identity.session.revoked.v1',
      'identity.user.deleted.v1',
    ]);
    for (const row of rows) {
      const def = findEvent(row.type, row.version);
      expect(def).toBeDefined();
      expect(() => def!.data.parse(row.data)).not.toThrow();
      expect(row.actor_id).toBe(user.user.id);
      expect(row.village_id).toBeNull();
    }
    const revoked = (sessionId: string) => ({ userId: user.user.id, sessionId, reason: 'account_deleted' });
    expect(rows.map((row) => row.data)).toEqual([
      { userId: user.user.id, email: user.email, displayName: 'Eve' },
      {
        userId: user.user.id,
        changed: ['displayName', 'sharing'],
        displayName: 'Eve Two',
        avatarFileId: null,
      },
      expect.anything(),
      expect.anything(),
      { userId: user.user.id },
    ]);
    expect(rows.slice(2, 4).map((row) => row.data)).toEqual(
      expect.arrayContaining([revoked(user.actor.sessionId), revoked(actorOf(login.accessToken).sessionId)]),
    );

    await waitForRelay();
    const js = jetstream(h.running.services.nc);
    const consumer = await js.consumers.get(serviceStreamName(h.t.prefix, 'identity'));
    const published: Array<{ subject: string; envelope: unknown }> = [];
    while (published.length < rows.length) {
      const msg = await consumer.next({ expires: 3000 });
      if (!msg) break;
      published.push({ subject: msg.subject, envelope: msg.json() });
      msg.ack();
    }
    expect(published).toHaveLength(rows.length);
    published.forEach(({ subject, envelope }, index) => {
      const row = rows[index];
      const def = findEvent(row.type, row.version)!;
      expect(subject).toBe(eventSubject(h.t.prefix, def));
      const parsed = eventEnvelope(def.data).parse(envelope);
      expect(parsed).toMatchObject({
        id: row.id,
        type: row.type,
        version: 1,
        actorId: user.user.id,
        villageId: null,
        data: row.data,
      });
    });
  });

  it('announces each ended session once: logout and the reuse of a rotated refresh token', async () => {
    const { rows: before } = await h.sql.query<{ seq: string }>(
      'select coalesce(max(seq), 0)::text as seq from identity.outbox',
    );
    const loggedOut = await h.signup();
    await h.rpc.call(authLogout, { refreshToken: loggedOut.refreshToken });
    await h.rpc.call(authLogout, { refreshToken: loggedOut.refreshToken });
    const reused = await h.signup();
    await h.rpc.call(authRefresh, { refreshToken: reused.refreshToken });
    await expectCode(h.rpc.call(authRefresh, { refreshToken: reused.refreshToken }), 'session_revoked');
    await expectCode(h.rpc.call(authRefresh, { refreshToken: reused.refreshToken }), 'session_revoked');

    const { rows } = await h.sql.query<OutboxRow>(
      `select id, type, version, actor_id, village_id, data from identity.outbox
        where seq > $1 and type = 'identity.session.revoked' order by seq`,
      [before[0].seq],
    );
    expect(rows.map((row) => sessionRevoked.data.parse(row.data))).toEqual([
      { userId: loggedOut.actor.userId, sessionId: loggedOut.actor.sessionId, reason: 'logout' },
      { userId: reused.actor.userId, sessionId: reused.actor.sessionId, reason: 'token_reuse' },
    ]);
    expect(rows.map((row) => [row.actor_id, row.village_id])).toEqual([
      [loggedOut.actor.userId, null],
      [reused.actor.userId, null],
    ]);
  });
});
