import {
  memberAdd,
  memberList,
  memberRemove,
  meUpdate,
  villageCreateCommand,
  villageGet,
  type ResponseOf,
} from '@vv/contracts';
import type { RunningApp } from '@vv/platform';
import { eventually, metricValue } from '@vv/testing';
import { createIdentityApp } from '../src/app';
import {
  allowDirectAdds,
  expectCode,
  startIdentity,
  type IdentityHarness,
  type SignedUp,
} from './identity-harness';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

type Members = ResponseOf<typeof memberList>;

describe.each([
  ['in process', {}],
  ['through Redis', { REDIS_URL }],
] as const)('Cached villages and member lists (%s)', (_mode, env) => {
  let h: IdentityHarness;
  let other: RunningApp;

  beforeAll(async () => {
    h = await startIdentity(env);
    await allowDirectAdds(h);
    other = h.t.track(await createIdentityApp({ ...h.t.env, ...env, IDENTITY_HTTP_PORT: '0' }));
  });
  afterAll(() => h.t.cleanup());

  const hits = (app: RunningApp): Promise<number> =>
    metricValue(app.services.metrics, 'vv_read_cache_hits_total');
  const village = async (owner: SignedUp): Promise<string> =>
    (
      await h.rpc.call(
        villageCreateCommand,
        { name: 'cached', visibility: 'private' },
        { actor: owner.actor },
      )
    ).id;
  const add = (owner: SignedUp, villageId: string, user: SignedUp) =>
    h.rpc.call(memberAdd, { villageId, userId: user.actor.userId, role: 'member' }, { actor: owner.actor });
  const members = (villageId: string, by: SignedUp, app = h.running): Promise<Members> =>
    app.services.client.call(memberList, { villageId, limit: 20 }, { actor: by.actor });
  const get = (villageId: string, by: SignedUp, app = h.running) =>
    app.services.client.call(villageGet, { villageId }, { actor: by.actor });
  /** A read that the cache answers (once the events of the setup have passed). */
  const cachedRead = (app: RunningApp, read: () => Promise<unknown>) =>
    eventually(async () => {
      const before = await hits(app);
      await read();
      expect(await hits(app)).toBeGreaterThan(before);
    });

  it("gives every caller their own role on a shared village, and the writer's change at once", async () => {
    const [owner, member] = [await h.signup(), await h.signup()];
    const villageId = await village(owner);
    await add(owner, villageId, member);
    await cachedRead(h.running, () => get(villageId, owner));
    expect(await get(villageId, owner)).toMatchObject({ myRole: 'owner', memberCount: 2 });
    expect(await get(villageId, member)).toMatchObject({ myRole: 'member', memberCount: 2 });
    await add(owner, villageId, await h.signup());
    expect(await get(villageId, member)).toMatchObject({ memberCount: 3 });
  });

  it('refuses the village and its member list to a member removed a moment ago on another replica', async () => {
    const [owner, member] = [await h.signup(), await h.signup()];
    const villageId = await village(owner);
    await add(owner, villageId, member);
    await cachedRead(other, () => members(villageId, member, other));
    await cachedRead(other, () => get(villageId, member, other));
    await h.rpc.call(memberRemove, { villageId, userId: member.actor.userId }, { actor: owner.actor });
    // The access check reads the membership on every request, before the cache: no wait needed.
    await expectCode(members(villageId, member, other), 'not_found');
    await expectCode(get(villageId, member, other), 'not_found');
    // The other replica's copy of the list is invalidated by membership.removed.
    await eventually(async () =>
      expect((await members(villageId, owner, other)).items.map((entry) => entry.userId)).toEqual([
        owner.actor.userId,
      ]),
    );
  });

  it("shows a member's new profile in the lists once its event has passed", async () => {
    const [owner, member] = [await h.signup(), await h.signup({ displayName: 'Before' })];
    const villageId = await village(owner);
    await add(owner, villageId, member);
    await cachedRead(h.running, () => members(villageId, owner));
    await h.rpc.call(meUpdate, { displayName: 'After' }, { actor: member.actor });
    await eventually(async () =>
      expect((await members(villageId, owner)).items.map((entry) => entry.profile.displayName)).toContain(
        'After',
      ),
    );
  });
});
