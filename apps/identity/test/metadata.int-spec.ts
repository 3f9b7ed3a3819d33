import {
  findEvent,
  METADATA_MAX_BYTES,
  metadataDelete,
  metadataGet,
  metadataPut,
  metadataUpdated,
  villageCreateCommand,
  type EventKey,
} from '@vv/contracts';
import {
  addMember,
  expectCode,
  startIdentity,
  uniqueEmail,
  type IdentityHarness,
  type SignedUp,
} from './identity-harness';

interface OutboxRow {
  type: string;
  version: number;
  village_id: string | null;
  actor_id: string | null;
  data: Record<string, unknown>;
}

describe('metadata documents', () => {
  let h: IdentityHarness;
  let appAdmin: SignedUp;
  let owner: SignedUp;
  let admin: SignedUp;
  let member: SignedUp;
  let outsider: SignedUp;
  let privateVillage: string;
  let publicVillage: string;

  beforeAll(async () => {
    const adminEmail = uniqueEmail('app-admin');
    // Listed in another case and among others: the match is case-insensitive.
    h = await startIdentity({ APP_ADMIN_EMAILS: `someone@example.com, ${adminEmail.toUpperCase()}` });
    appAdmin = await h.signup({ email: adminEmail });
    [owner, admin, member, outsider] = await Promise.all([h.signup(), h.signup(), h.signup(), h.signup()]);
    const create = (visibility: 'public' | 'private') =>
      h.rpc.call(villageCreateCommand, { name: `V ${visibility}`, visibility }, { actor: owner.actor });
    privateVillage = (await create('private')).id;
    publicVillage = (await create('public')).id;
    for (const villageId of [privateVillage, publicVillage]) {
      await addMember(h, villageId, owner, admin, 'admin');
      await addMember(h, villageId, owner, member, 'member');
    }
  });

  afterAll(() => h.t.cleanup());

  const put = (actor: SignedUp, scope: string, key: string, value: unknown, ifMatch?: number) =>
    h.rpc.call(metadataPut, { scope, key, value: value as never, ifMatch }, { actor: actor.actor });
  const get = (actor: SignedUp, scope: string, key: string) =>
    h.rpc.call(metadataGet, { scope, key }, { actor: actor.actor });

  describe('app scope', () => {
    it('lets an app admin write and everyone signed in read', async () => {
      const doc = await put(appAdmin, 'app', 'features', { chat: true });
      expect(doc).toMatchObject({ scope: 'app', key: 'features', version: 1, value: { chat: true } });
      expect(doc.updatedBy).toBe(appAdmin.user.id);
      expect(await get(outsider, 'app', 'features')).toMatchObject({ version: 1, value: { chat: true } });
    });

    it('answers another service (no actor) for app documents only', async () => {
      expect(await h.rpc.call(metadataGet, { scope: 'app', key: 'features' })).toMatchObject({
        value: { chat: true },
      });
      await expectCode(h.rpc.call(metadataGet, { scope: 'user', key: 'features' }), 'unauthenticated');
      await expectCode(h.rpc.call(metadataGet, { scope: 'app', key: 'nothing-here' }), 'not_found');
    });

    it('refuses writes and deletes by anyone else, village owners included', async () => {
      await expectCode(put(owner, 'app', 'features', { chat: false }), 'forbidden');
      await expectCode(
        h.rpc.call(metadataDelete, { scope: 'app', key: 'features' }, { actor: member.actor }),
        'forbidden',
      );
      expect((await get(member, 'app', 'features')).value).toEqual({ chat: true });
    });

    it('validates app/roles with the access policy', async () => {
      const error = await expectCode(
        put(appAdmin, 'app', 'roles', { POSTER: ['topics.post', 'fly'] }),
        'invalid',
      );
      expect(JSON.stringify(error.details)).toContain('value.POSTER');
      await expectCode(put(appAdmin, 'app', 'roles', { admin: ['topics.post'] }), 'invalid');
      expect(await put(appAdmin, 'app', 'roles', { POSTER: ['topics.post'] })).toMatchObject({ version: 1 });
    });

    it('validates app/email-templates and app/villages', async () => {
      await expectCode(put(appAdmin, 'app', 'email-templates', { invitation: { subject: 'Hi' } }), 'invalid');
      await expectCode(
        put(appAdmin, 'app', 'email-templates', { welcome: { subject: 'a', text: 'b' } }),
        'invalid',
      );
      expect(
        await put(appAdmin, 'app', 'email-templates', {
          invitation: { subject: 'Join {{villageName}}', text: 'Open {{acceptUrl}}' },
        }),
      ).toMatchObject({ version: 1 });
      await expectCode(put(appAdmin, 'app', 'villages', { town: { visibility: 'secret' } }), 'invalid');
    });

    it('re-syncs the fixed villages after app/villages is written', async () => {
      await put(appAdmin, 'app', 'villages', { 'town-hall': { name: 'Town hall', visibility: 'public' } });
      const { rows } = await h.sql.query<{ name: string }>(
        "select name from identity.villages where fixed_key = 'town-hall'",
      );
      expect(rows).toEqual([{ name: 'Town hall' }]);
    });
  });

  describe('village scope', () => {
    const scopeOf = (id: string) => `village:${id}`;

    it('lets admins write and members read; members may not write', async () => {
      const doc = await put(admin, scopeOf(privateVillage), 'settings', { theme: 'green' });
      expect(doc).toMatchObject({ scope: scopeOf(privateVillage), version: 1 });
      expect((await get(member, scopeOf(privateVillage), 'settings')).value).toEqual({ theme: 'green' });
      await expectCode(put(member, scopeOf(privateVillage), 'settings', { theme: 'red' }), 'forbidden');
    });

    it('hides a private village from outsiders (not_found), reads and writes alike', async () => {
      await expectCode(get(outsider, scopeOf(privateVillage), 'settings'), 'not_found');
      await expectCode(put(outsider, scopeOf(privateVillage), 'settings', {}), 'not_found');
    });

    it('lets outsiders read a public village but not write it', async () => {
      await put(owner, scopeOf(publicVillage), 'settings', { open: true });
      expect((await get(outsider, scopeOf(publicVillage), 'settings')).value).toEqual({ open: true });
      await expectCode(put(outsider, scopeOf(publicVillage), 'settings', { open: false }), 'forbidden');
    });

    it('refuses a files document whose default permissions name someone outside the village (400 per entry); members pass', async () => {
      const scope = `village:${privateVillage}`;
      const stranger = await h.signup();
      const error = await expectCode(
        put(owner, scope, 'files', {
          defaultPermissions: {
            read: ['admin', member.user.id, stranger.user.id],
            write: [outsider.user.id],
          },
        }),
        'invalid',
      );
      expect(error.details?.errors).toEqual([
        {
          field: 'value.defaultPermissions.read.2',
          reason: expect.stringMatching(/not a member of this village/),
        },
        {
          field: 'value.defaultPermissions.write.0',
          reason: expect.stringMatching(/not a member of this village/),
        },
      ]);
      await expectCode(get(owner, scope, 'files'), 'not_found');

      const doc = await put(owner, scope, 'files', {
        defaultPermissions: { read: ['admin', member.user.id], write: [admin.user.id] },
      });
      expect(doc.value).toEqual({
        defaultPermissions: { read: ['admin', member.user.id], write: [admin.user.id] },
      });
    });

    it('answers not_found for a village that does not exist', async () => {
      await expectCode(get(owner, 'village:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'settings'), 'not_found');
    });
  });

  describe('user scope', () => {
    it("keeps each user's documents to themselves", async () => {
      const doc = await put(member, 'user', 'prefs', ['a', 1, null]);
      expect(doc).toMatchObject({ scope: `user:${member.user.id}`, version: 1, value: ['a', 1, null] });
      expect((await get(member, 'user', 'prefs')).value).toEqual(['a', 1, null]);
      await expectCode(get(outsider, 'user', 'prefs'), 'not_found');
    });
  });

  describe('versions and If-Match', () => {
    it('bumps the version on each write and refuses a stale or missing ifMatch', async () => {
      const v1 = await put(member, 'user', 'draft', 'one');
      const v2 = await put(member, 'user', 'draft', 'two', v1.version);
      expect(v2.version).toBe(v1.version + 1);
      await expectCode(put(member, 'user', 'draft', 'three', v1.version), 'precondition_failed');
      await expectCode(put(member, 'user', 'never-written', 'x', 1), 'precondition_failed');
      expect(await get(member, 'user', 'draft')).toMatchObject({ version: v2.version, value: 'two' });
    });

    it('lets exactly one of two concurrent writers with the same ifMatch win', async () => {
      const base = await put(member, 'user', 'race', 0);
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map((n) => put(member, 'user', 'race', n, base.version)),
      );
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.filter((result) => result.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.map((result) => (result.reason as { code: string }).code)).toEqual([
        'precondition_failed',
        'precondition_failed',
        'precondition_failed',
      ]);
      expect((await get(member, 'user', 'race')).version).toBe(base.version + 1);
    });

    it('writes with ifExists only while the document exists, and with a list of versions at any of them', async () => {
      const putIf = (value: unknown, condition: { ifMatch?: number[]; ifExists?: boolean }) =>
        h.rpc.call(
          metadataPut,
          { scope: 'user', key: 'cond', value: value as never, ...condition },
          { actor: member.actor },
        );
      await expectCode(putIf('x', { ifExists: true }), 'precondition_failed');
      const v1 = await put(member, 'user', 'cond', 'one');
      expect(await putIf('two', { ifExists: true })).toMatchObject({ version: v1.version + 1, value: 'two' });
      await expectCode(putIf('x', { ifMatch: [0, v1.version] }), 'precondition_failed');
      expect(await putIf('three', { ifMatch: [0, v1.version + 1] })).toMatchObject({ value: 'three' });
    });

    it('deletes conditionally, then answers not_found', async () => {
      const doc = await put(member, 'user', 'gone', { a: 1 });
      const del = (ifMatch?: number) =>
        h.rpc.call(metadataDelete, { scope: 'user', key: 'gone', ifMatch }, { actor: member.actor });
      await expectCode(del(doc.version + 1), 'precondition_failed');
      await expect(del(doc.version)).resolves.toEqual({});
      await expectCode(get(member, 'user', 'gone'), 'not_found');
      await expectCode(del(), 'not_found');
      await expectCode(del(doc.version), 'precondition_failed');
    });
  });

  it('refuses a document larger than METADATA_MAX_BYTES', async () => {
    const big = 'x'.repeat(METADATA_MAX_BYTES);
    await expectCode(put(member, 'user', 'big', { big }), 'payload_too_large');
    expect(await put(member, 'user', 'big', 'x'.repeat(METADATA_MAX_BYTES - 100))).toMatchObject({
      version: 1,
    });
  });

  it('emits metadata.updated for every write and delete, matching its contract', async () => {
    const village = `village:${publicVillage}`;
    await h.sql.query('delete from identity.outbox');
    const v1 = await put(admin, village, 'events-test', { n: 1 });
    await put(member, 'user', 'events-test', { secret: true });
    await h.rpc.call(
      metadataDelete,
      { scope: village, key: 'events-test', ifMatch: v1.version },
      { actor: admin.actor },
    );
    const { rows } = await h.sql.query<OutboxRow>(
      "select type, version, village_id, actor_id, data from identity.outbox where type = 'identity.metadata.updated' order by seq",
    );
    expect(rows.map((row) => findEvent(row.type, row.version))).toEqual([
      metadataUpdated,
      metadataUpdated,
      metadataUpdated,
    ]);
    for (const row of rows) {
      expect(`${row.type}.v${row.version}` as EventKey).toBe('identity.metadata.updated.v1');
      expect(() => metadataUpdated.data.parse(row.data)).not.toThrow();
    }
    expect(rows[0]).toMatchObject({
      village_id: publicVillage,
      actor_id: admin.user.id,
      data: {
        scope: village,
        key: 'events-test',
        version: 1,
        deleted: false,
        value: { n: 1 },
        villageId: publicVillage,
      },
    });
    expect(rows[1]).toMatchObject({
      village_id: null,
      data: { scope: `user:${member.user.id}`, deleted: false, villageId: null },
    });
    expect(rows[1].data).not.toHaveProperty('value');
    expect(rows[2]).toMatchObject({
      data: { deleted: true, version: 1, value: null, villageId: publicVillage },
    });
  });
});
