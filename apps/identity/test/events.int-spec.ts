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
import { eventually } from '@vv/testing';
import { actorOf, expectCode, startIdentity, type IdentityHarness } from './identity-harness';

interface OutboxRow {
  id: string;
  type: string;
  version: number;
  actor_id: string | null;
  village_id: string | null;
  data: unknown;
}

const ACCESS_TOKEN_TTL_SECONDS = 600;

describe('identity events: every emitted event matches its contract', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentity({ ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS) });
  });

  afterAll(async () => {
    await h.t.cleanup();
  });

  const waitForRelay = (): Promise<void> =>
    eventually(async () => {
      const { rows } = await h.sql.query<{ n: number }>(
        'select count(*)::int as n from identity.outbox where published_at is null',
      );
      expect(rows[0].n).toBe(0);
    });

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
    const revoked = (sessionId: string) => ({
      userId: user.user.id,
      sessionId,
      reason: 'account_deleted',
      accessTokensExpireBy: expect.any(String),
    });
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

  it('announces every way a session ends once, with its user, its id and when its access tokens have all expired', async () => {
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
    const deleted = await h.signup();
    const otherDevice = actorOf(
      (await h.rpc.call(authLogin, { email: deleted.email, password: deleted.password })).accessToken,
    );
    await h.rpc.call(meDelete, {}, { actor: deleted.actor });
    await expectCode(h.rpc.call(meDelete, {}, { actor: otherDevice }), 'unauthenticated');

    const { rows } = await h.sql.query<OutboxRow & { occurred_at: Date }>(
      `select id, type, version, actor_id, village_id, data, occurred_at from identity.outbox
        where seq > $1 and type = 'identity.session.revoked' order by seq`,
      [before[0].seq],
    );
    const events = rows.map((row) => sessionRevoked.data.parse(row.data));
    const ended = events.map((event) => `${event.reason} ${event.userId} ${event.sessionId}`);
    expect(ended.slice(0, 2)).toEqual([
      `logout ${loggedOut.actor.userId} ${loggedOut.actor.sessionId}`,
      `token_reuse ${reused.actor.userId} ${reused.actor.sessionId}`,
    ]);
    expect(ended.slice(2).sort()).toEqual(
      [deleted.actor.sessionId, otherDevice.sessionId]
        .map((sessionId) => `account_deleted ${deleted.actor.userId} ${sessionId}`)
        .sort(),
    );
    expect(rows.map((row) => [row.actor_id, row.village_id])).toEqual([
      [loggedOut.actor.userId, null],
      [reused.actor.userId, null],
      [deleted.actor.userId, null],
      [deleted.actor.userId, null],
    ]);
    // No access token of the session outlives accessTokensExpireBy: the end plus the tokens'
    // lifetime, with a margin for a token signed as the session ended.
    rows.forEach((row, index) => {
      const expireBy = Date.parse(events[index].accessTokensExpireBy ?? '');
      const end = row.occurred_at.getTime();
      expect(expireBy).toBeGreaterThanOrEqual(end + ACCESS_TOKEN_TTL_SECONDS * 1000);
      expect(expireBy).toBeLessThanOrEqual(end + (ACCESS_TOKEN_TTL_SECONDS + 61) * 1000);
    });
  });
});
