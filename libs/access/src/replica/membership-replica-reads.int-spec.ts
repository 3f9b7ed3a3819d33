import { randomUUID } from 'node:crypto';
import { membershipAdded, membershipRemoved, metadataUpdated } from '@vv/contracts';
import { NatsClientProxy, ServiceError } from '@vv/platform';
import { eventually } from '@vv/testing';
import { membershipReplicaSuite } from '../../test/membership-replica-harness';
import { Access } from './access';

/** How Access answers from the replica, reads through to identity on a miss, and fails when it cannot ask. */
describe('membership replica: reads', () => {
  const s = membershipReplicaSuite();
  const { emit, replica, readThroughs, newAccess, createVillage } = s;
  const { repository, metrics, logger, options } = s;

  it('answers a miss by reading through to identity, and stores the answer', async () => {
    const access = newAccess();
    const villageId = randomUUID();
    const userId = randomUUID();
    s.identity.answer(villageId, userId, {
      village: { id: villageId, visibility: 'private' },
      role: 'member',
    });
    const asked = s.identity.membershipRequests;
    expect(await replica(villageId, userId)).toMatchObject({ villageKnown: false, memberKnown: false });

    expect(await access.can({ userId }, 'topics.post', villageId)).toBe(true);
    expect(s.identity.membershipRequests).toBe(asked + 1);
    expect(await replica(villageId, userId)).toMatchObject({
      villageKnown: true,
      visibility: 'private',
      role: 'member',
    });
    // Answered by the replica from now on.
    expect(await access.roleOf(villageId, userId)).toBe('member');
    await access.assert({ userId }, 'events.create', villageId);
    expect(s.identity.membershipRequests).toBe(asked + 1);
    // A member whose role lacks the permission is told forbidden, without asking s.identity.
    await expect(access.assert({ userId }, 'village.delete', villageId)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(s.identity.membershipRequests).toBe(asked + 1);
  });

  it('does not overwrite an event applied while s.identity was being asked', async () => {
    const { villageId } = await createVillage();
    const userId = randomUUID();
    const seen = await replica(villageId, userId);
    await emit(membershipAdded, { villageId, userId, role: 'admin', via: 'added' });
    await eventually(async () => expect((await replica(villageId, userId)).role).toBe('admin'));
    const stored = await repository.storeSnapshot(
      s.db,
      villageId,
      userId,
      { village: { visibility: 'private' }, role: 'member' },
      seen,
    );
    expect(stored).toBe(false);
    expect((await replica(villageId, userId)).role).toBe('admin');
  });

  it('bounds read-throughs for outsiders with a short negative cache, and asks again after it', async () => {
    const access = newAccess({ negativeCacheMs: 400 });
    const { villageId } = await createVillage('private');
    const outsider = randomUUID();
    s.identity.answer(villageId, outsider, { village: { id: villageId, visibility: 'private' }, role: null });
    const asked = s.identity.membershipRequests;
    for (let i = 0; i < 5; i++) {
      await expect(access.assert({ userId: outsider }, 'village.read', villageId)).rejects.toMatchObject({
        code: 'not_found',
      });
    }
    expect(s.identity.membershipRequests).toBe(asked + 1);
    // A village s.identity does not know either: one question, then the cached refusal.
    const nowhere = randomUUID();
    const results = await Promise.all(
      [1, 2, 3].map(() => access.can({ userId: outsider }, 'village.read', nowhere)),
    );
    expect(results).toEqual([false, false, false]);
    expect(s.identity.membershipRequests).toBe(asked + 2);
    expect(await readThroughs('cached_refusal')).toBeGreaterThanOrEqual(4);

    // Identity now says member; the cached refusal answers until it expires, without asking again.
    s.identity.answer(villageId, outsider, {
      village: { id: villageId, visibility: 'private' },
      role: 'member',
    });
    await eventually(async () =>
      expect(await access.can({ userId: outsider }, 'village.read', villageId)).toBe(true),
    );
    expect(s.identity.membershipRequests).toBe(asked + 3);
  });

  it('lets an author change their content only as a current member holding the permission', async () => {
    const access = newAccess();
    const { villageId } = await createVillage('public');
    const userId = randomUUID();
    const rule = { author: true, own: 'topics.post', others: 'topics.moderate' } as const;
    await emit(membershipAdded, { villageId, userId, role: 'member', via: 'added' });
    await eventually(async () => expect((await replica(villageId, userId)).role).toBe('member'));
    await expect(access.assertChange({ userId }, rule, villageId)).resolves.toMatchObject({ role: 'member' });
    await expect(
      access.assertChange({ userId }, { ...rule, author: false }, villageId, 'Moderators only'),
    ).rejects.toMatchObject({ code: 'forbidden', message: 'Moderators only' });

    await emit(membershipRemoved, { villageId, userId, role: 'member', reason: 'removed' });
    await eventually(async () => expect((await replica(villageId, userId)).role).toBeNull());
    s.identity.answer(villageId, userId, { village: { id: villageId, visibility: 'public' }, role: null });
    // A former member of a public village is an outsider: they may read it, not change what they wrote.
    await expect(access.assertChange({ userId }, rule, villageId)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await access.can({ userId }, 'village.read', villageId)).toBe(true);
  });

  it('lets an outsider read a public village from the replica, without asking identity', async () => {
    const access = newAccess();
    const { villageId } = await createVillage('public');
    const asked = s.identity.membershipRequests;
    expect(await access.can({ userId: randomUUID() }, 'village.read', villageId)).toBe(true);
    expect(s.identity.membershipRequests).toBe(asked);
  });

  it('fails with unavailable, not a refusal, when s.identity cannot be asked', async () => {
    const access = newAccess();
    const silent = new NatsClientProxy({ nc: s.nc, prefix: `${s.prefix}x`, metrics, defaultTimeoutMs: 200 });
    const offline = new Access({
      db: s.db,
      rpc: silent,
      repository,
      logger,
      metrics,
      options: { ...options, readThroughTimeoutMs: 200 },
    });
    const villageId = randomUUID();
    const error: unknown = await offline.facts(villageId, randomUUID()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toMatch(/^(unavailable|timeout)$/);
    expect(await access.facts(villageId, randomUUID())).toEqual({ village: null, role: null });
  });

  it('grants app roles from app/roles: read from s.identity once, then kept current by events', async () => {
    const access = newAccess({ appRolesCacheMs: 0 });
    const { villageId } = await createVillage();
    const userId = randomUUID();
    await emit(membershipAdded, { villageId, userId, role: 'treasurer', via: 'added' });
    await eventually(async () => expect((await replica(villageId, userId)).role).toBe('treasurer'));
    expect(await access.can({ userId }, 'files.manage', villageId)).toBe(true);
    expect(s.identity.metadataRequests).toBe(1);

    await emit(metadataUpdated, {
      scope: 'app',
      key: 'roles',
      version: 2,
      deleted: false,
      value: { treasurer: ['events.manage'] },
      villageId: null,
    });
    await eventually(async () => expect(await access.can({ userId }, 'events.manage', villageId)).toBe(true));
    expect(await access.can({ userId }, 'files.manage', villageId)).toBe(false);
    expect(s.identity.metadataRequests).toBe(1);
  });
});
