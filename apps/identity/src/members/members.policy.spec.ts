import { isKnownRole } from '@vv/access';
import type { Granted } from '../village-access/village-access.policy';
import { assertMayAssign, assertMayRemove, mayAddDirectly } from './members.policy';

const appRoles = { BOARD_POSTER: ['topics.post' as const] };

describe('members policy', () => {
  it('knows the built-in roles and the app roles only', () => {
    expect(['owner', 'admin', 'member', 'BOARD_POSTER'].map((role) => isKnownRole(role, appRoles))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(isKnownRole('wizard', appRoles)).toBe(false);
  });

  it('refuses an unknown role as invalid and owner changes by non-owners as forbidden', () => {
    expect(() => assertMayAssign('owner', null, 'wizard', appRoles)).toThrow(
      expect.objectContaining({ code: 'invalid' }),
    );
    expect(() => assertMayAssign('admin', null, 'owner', appRoles)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(() => assertMayAssign('admin', 'owner', 'member', appRoles)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(() => assertMayAssign('admin', 'member', 'BOARD_POSTER', appRoles)).not.toThrow();
    expect(() => assertMayAssign('owner', 'owner', 'admin', appRoles)).not.toThrow();
  });

  it('lets only an owner remove an owner', () => {
    expect(() => assertMayRemove('admin', 'owner')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => assertMayRemove('owner', 'owner')).not.toThrow();
    expect(() => assertMayRemove('admin', 'member')).not.toThrow();
  });

  it('adds directly only in a fixed village, for an app admin, or when app/members allows it', () => {
    const granted = (overrides: Partial<Granted> = {}): Granted => ({
      village: { id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c', visibility: 'private', fixedKey: null },
      actorRole: 'owner',
      userRole: null,
      actorEmail: 'ann@example.com',
      appRoles: {},
      appMembers: {},
      ...overrides,
    });
    const admins = ['boss@example.com'];
    expect(mayAddDirectly(granted(), admins)).toBe(false);
    expect(mayAddDirectly(granted({ appMembers: { directAdd: false } }), admins)).toBe(false);
    expect(mayAddDirectly(granted({ appMembers: { directAdd: true } }), admins)).toBe(true);
    expect(mayAddDirectly(granted({ actorEmail: 'BOSS@example.com' }), admins)).toBe(true);
    expect(
      mayAddDirectly(
        granted({
          village: { id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c', visibility: 'public', fixedKey: 'town' },
        }),
        admins,
      ),
    ).toBe(true);
  });
});
