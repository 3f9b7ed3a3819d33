import { decideAccess, type Access, type AccessFacts, type AppRoles } from '@vv/access';
import type { Permission } from '@vv/contracts';
import { ServiceError } from '@vv/platform';
import type { EventRow } from './event-row';
import { EventsPolicy } from './events.policy';

const VILLAGE = '0190a6a0-0000-7000-8000-000000000001';
const ANN = '0190a6a0-0000-7000-8000-00000000000a';
const BOB = '0190a6a0-0000-7000-8000-00000000000b';

/** Access answering from fixed facts (a public village, each user's current role) by the suite's one decision. */
function accessWith(roles: Record<string, string | null>, appRoles: AppRoles = {}): Access {
  const factsOf = (userId: string): AccessFacts => ({
    village: { visibility: 'public' },
    role: roles[userId] ?? null,
  });
  const decide = (userId: string, permission: Permission) =>
    decideAccess(factsOf(userId), permission, appRoles);
  return {
    facts: (_villageId: string, userId: string) => Promise.resolve(factsOf(userId)),
    can: (actor: { userId: string }, permission: Permission) =>
      Promise.resolve(decide(actor.userId, permission) === 'allow'),
    assert: (actor: { userId: string }, permission: Permission) => {
      const decision = decide(actor.userId, permission);
      if (decision === 'allow') return Promise.resolve(factsOf(actor.userId));
      return Promise.reject(new ServiceError(decision === 'not_found' ? 'not_found' : 'forbidden', decision));
    },
  } as unknown as Access;
}

const annsEvent = { id: 'e', villageId: VILLAGE, createdBy: ANN } as EventRow;
const actor = (userId: string) => ({ userId, sessionId: 's' });

describe('EventsPolicy: writes need the current membership and role, not only authorship', () => {
  it.each([
    ['the creator, a member', 'allowed', { [ANN]: 'member' }, ANN],
    ['an admin', 'allowed', { [BOB]: 'admin' }, BOB],
    ['another member', 'forbidden', { [BOB]: 'member' }, BOB],
    ['the creator, removed from the (public) village', 'forbidden', { [ANN]: null }, ANN],
    ['the creator, now in an app role without events.create', 'forbidden', { [ANN]: 'GUEST' }, ANN],
  ])('%s: %s to edit', async (_who, outcome, roles, userId) => {
    const policy = new EventsPolicy(accessWith(roles, { GUEST: [] }));
    const edit = policy.assertEdit(actor(userId), annsEvent);
    if (outcome === 'allowed') await expect(edit).resolves.toBeUndefined();
    else await expect(edit).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('lets members answer, not a former member reading the public village', async () => {
    await expect(
      new EventsPolicy(accessWith({ [ANN]: 'member' })).assertAttend(actor(ANN), VILLAGE),
    ).resolves.toBeUndefined();
    await expect(new EventsPolicy(accessWith({})).assertAttend(actor(ANN), VILLAGE)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
