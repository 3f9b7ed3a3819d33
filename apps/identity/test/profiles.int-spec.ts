import { randomUUID } from 'node:crypto';
import {
  authLogin,
  authRefresh,
  authSignup,
  meDelete,
  meGet,
  meUpdate,
  ownProfile,
  userGet,
} from '@vv/contracts';
import { expectCode, startIdentity, type IdentityHarness } from './identity-harness';

describe('identity profiles: me.get, me.update, me.delete, user.get', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentity();
  });

  afterAll(async () => {
    await h.t.cleanup();
  });

  it('returns the own profile and requires a signed-in caller', async () => {
    const user = await h.signup({ displayName: 'Grace' });
    const me = await h.rpc.call(meGet, {}, { actor: user.actor });
    expect(ownProfile.parse(me)).toEqual(user.user);
    await expectCode(h.rpc.call(meGet, {}), 'unauthenticated');
  });

  it('updates only the fields given, merges sharing, and reports the changed fields', async () => {
    const user = await h.signup({ displayName: 'Before' });

    const updated = await h.rpc.call(
      meUpdate,
      {
        displayName: 'After',
        contact: { phone: '+1 555 0100', website: 'https://example.com' },
        sharing: { contact: 'public' },
      },
      { actor: user.actor },
    );
    expect(updated).toMatchObject({
      displayName: 'After',
      avatarFileId: null,
      contact: { phone: '+1 555 0100', website: 'https://example.com' },
      emergency: {},
      preferences: {},
      data: {},
      sharing: {
        email: 'villagers',
        avatarFileId: 'public',
        contact: 'public',
        emergency: 'private',
        data: 'private',
      },
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(user.user.updatedAt));

    const second = await h.rpc.call(
      meUpdate,
      { preferences: { theme: 'dark' }, sharing: { email: 'public' } },
      { actor: user.actor },
    );
    expect(second).toMatchObject({
      displayName: 'After',
      avatarFileId: null,
      contact: { phone: '+1 555 0100' },
      preferences: { theme: 'dark' },
      sharing: { email: 'public', contact: 'public' },
    });
    expect(await h.rpc.call(meGet, {}, { actor: user.actor })).toEqual(second);

    const { rows } = await h.sql.query<{ data: { changed: string[] } }>(
      `select data from identity.outbox where type = 'identity.user.profile_updated' and data->>'userId' = $1 order by seq`,
      [user.user.id],
    );
    expect(rows.map((row) => row.data.changed)).toEqual([
      ['displayName', 'contact', 'sharing'],
      ['preferences', 'sharing'],
    ]);
  });

  // No files service runs here: an avatar is arranged in SQL, as if files had accepted it earlier.
  it('keeps the stored avatar or clears it without asking files', async () => {
    const user = await h.signup({ displayName: 'Pictured' });
    const avatarFileId = randomUUID();
    await h.sql.query('update identity.users set avatar_file_id = $1 where id = $2', [
      avatarFileId,
      user.user.id,
    ]);

    const kept = await h.rpc.call(
      meUpdate,
      { displayName: 'Still pictured', avatarFileId },
      { actor: user.actor },
    );
    expect(kept).toMatchObject({ displayName: 'Still pictured', avatarFileId });
    const cleared = await h.rpc.call(meUpdate, { avatarFileId: null }, { actor: user.actor });
    expect(cleared).toMatchObject({ displayName: 'Still pictured', avatarFileId: null });
    expect(await h.rpc.call(meUpdate, { avatarFileId: null }, { actor: user.actor })).toEqual(cleared);

    const { rows } = await h.sql.query<{ data: { changed: string[]; avatarFileId: string | null } }>(
      `select data from identity.outbox where type = 'identity.user.profile_updated' and data->>'userId' = $1 order by seq`,
      [user.user.id],
    );
    expect(rows.map((row) => row.data)).toMatchObject([
      { changed: ['displayName'], avatarFileId },
      { changed: ['avatarFileId'], avatarFileId: null },
    ]);
  });

  it('an avatarFileId is refused when files does not answer, and nothing changes', async () => {
    const user = await h.signup({ displayName: 'Unchanged' });
    const before = await h.rpc.call(meGet, {}, { actor: user.actor });

    await expectCode(
      h.rpc.call(meUpdate, { displayName: 'Changed', avatarFileId: randomUUID() }, { actor: user.actor }),
      'unavailable',
    );

    expect(await h.rpc.call(meGet, {}, { actor: user.actor })).toEqual(before);
    const { rows } = await h.sql.query(
      `select 1 from identity.outbox where type = 'identity.user.profile_updated' and data->>'userId' = $1`,
      [user.user.id],
    );
    expect(rows).toHaveLength(0);
  });

  it('emits nothing when an update changes nothing, and rejects an empty or unknown-field patch', async () => {
    const user = await h.signup({ displayName: 'Same' });
    await h.rpc.call(meUpdate, { displayName: 'Same' }, { actor: user.actor });
    const { rows } = await h.sql.query(
      `select 1 from identity.outbox where type = 'identity.user.profile_updated' and data->>'userId' = $1`,
      [user.user.id],
    );
    expect(rows).toHaveLength(0);
    await expectCode(h.rpc.call(meUpdate, {}, { actor: user.actor }), 'invalid');
    await expectCode(
      h.rpc.call(meUpdate, { email: 'x@example.com' } as never, { actor: user.actor }),
      'invalid',
    );
  });

  it('shows other users only what they share publicly (villages do not exist yet), and the owner everything', async () => {
    const owner = await h.signup({ displayName: 'Owner' });
    const viewer = await h.signup({ displayName: 'Viewer' });
    const avatarFileId = randomUUID(); // arranged in SQL: no files service runs here
    await h.sql.query('update identity.users set avatar_file_id = $1 where id = $2', [
      avatarFileId,
      owner.user.id,
    ]);
    await h.rpc.call(
      meUpdate,
      {
        contact: { phone: '123' },
        emergency: { name: 'Kin' },
        data: { app: 1 },
        preferences: { secret: true },
        sharing: {
          email: 'villagers',
          contact: 'public',
          emergency: 'villagers',
          data: 'private',
          avatarFileId: 'public',
        },
      },
      { actor: owner.actor },
    );

    const seen = await h.rpc.call(userGet, { userId: owner.user.id }, { actor: viewer.actor });
    expect(seen).toEqual({
      id: owner.user.id,
      displayName: 'Owner',
      avatarFileId,
      contact: { phone: '123' },
      createdAt: owner.user.createdAt,
      updatedAt: expect.any(String),
    });

    const self = await h.rpc.call(userGet, { userId: owner.user.id }, { actor: owner.actor });
    expect(self).toMatchObject({
      email: owner.email,
      emergency: { name: 'Kin' },
      data: { app: 1 },
      contact: { phone: '123' },
    });
    expect(self).not.toHaveProperty('preferences');

    await h.rpc.call(
      meUpdate,
      { sharing: { contact: 'private', avatarFileId: 'villagers' } },
      { actor: owner.actor },
    );
    const hidden = await h.rpc.call(userGet, { userId: owner.user.id }, { actor: viewer.actor });
    expect(Object.keys(hidden).sort()).toEqual(['createdAt', 'displayName', 'id', 'updatedAt']);

    await expectCode(h.rpc.call(userGet, { userId: randomUUID() }, { actor: viewer.actor }), 'not_found');
    await expectCode(h.rpc.call(userGet, { userId: owner.user.id }), 'unauthenticated');
  });

  it('deletes the account: profile erased, credential gone, sessions revoked, email free again', async () => {
    const user = await h.signup({ displayName: 'Leaving' });
    const viewer = await h.signup();
    const second = await h.rpc.call(authLogin, { email: user.email, password: user.password });
    await h.rpc.call(meUpdate, { contact: { phone: '999' }, data: { k: 'v' } }, { actor: user.actor });

    await expect(h.rpc.call(meDelete, {}, { actor: user.actor })).resolves.toEqual({});

    const { rows } = await h.sql.query(
      `select email, display_name, status, deleted_at is not null as deleted, contact, emergency, preferences, sharing, data, avatar_file_id
         from identity.users where id = $1`,
      [user.user.id],
    );
    expect(rows[0]).toEqual({
      email: null,
      display_name: 'Deleted user',
      status: 'deleted',
      deleted: true,
      contact: {},
      emergency: {},
      preferences: {},
      sharing: {},
      data: {},
      avatar_file_id: null,
    });
    const credentials = await h.sql.query('select 1 from identity.credentials where user_id = $1', [
      user.user.id,
    ]);
    expect(credentials.rows).toHaveLength(0);
    const sessions = await h.sql.query<{ status: string }>(
      'select distinct status from identity.sessions where user_id = $1',
      [user.user.id],
    );
    expect(sessions.rows).toEqual([{ status: 'revoked' }]);

    await expectCode(h.rpc.call(meGet, {}, { actor: user.actor }), 'unauthenticated');
    await expectCode(h.rpc.call(meUpdate, { displayName: 'Back' }, { actor: user.actor }), 'unauthenticated');
    await expectCode(h.rpc.call(meDelete, {}, { actor: user.actor }), 'unauthenticated');
    await expectCode(h.rpc.call(authRefresh, { refreshToken: second.refreshToken }), 'session_revoked');
    await expectCode(
      h.rpc.call(authLogin, { email: user.email, password: user.password }),
      'invalid_credentials',
    );
    await expectCode(h.rpc.call(userGet, { userId: user.user.id }, { actor: viewer.actor }), 'not_found');

    const again = await h.rpc.call(authSignup, {
      email: user.email,
      password: user.password,
      displayName: 'New',
    });
    expect(again.user.id).not.toBe(user.user.id);
  });
});
