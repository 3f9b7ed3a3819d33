import { randomUUID } from 'node:crypto';
import { SessionDenylist } from './session-denylist';

describe('SessionDenylist', () => {
  const ttl = 15 * 60_000;
  let now = 1_000_000_000;
  const clock = (): number => now;
  const actor = { userId: randomUUID(), sessionId: randomUUID() };

  it('refuses a revoked session and every session of a deleted account', () => {
    const list = new SessionDenylist(ttl, clock);
    expect(() => list.assertLive(actor)).not.toThrow();
    list.revokeSession(actor.sessionId, now);
    expect(() => list.assertLive(actor)).toThrow(expect.objectContaining({ code: 'unauthenticated' }));
    expect(() => list.assertLive({ ...actor, sessionId: randomUUID() })).not.toThrow();
    list.deleteUser(actor.userId, now);
    expect(() => list.assertLive({ ...actor, sessionId: randomUUID() })).toThrow();
  });

  it('forgets an entry once every token issued before it has expired', () => {
    const list = new SessionDenylist(ttl, clock);
    list.revokeSession(actor.sessionId, now);
    now += ttl;
    expect(() => list.assertLive(actor)).toThrow();
    now += 61_000;
    expect(() => list.assertLive(actor)).not.toThrow();
    expect(list.size).toBe(0);
  });
});
