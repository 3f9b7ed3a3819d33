import { isKnownRole } from '@vv/access';
import { assertMayAssign, assertMayRemove } from './members.policy';

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
});
