import { PERMISSIONS } from '@vv/contracts';
import {
  appRolesDocument,
  hasPermission,
  isKnownRole,
  mayAssignRole,
  permissionsOf,
} from './role-permissions';

describe('permissionsOf', () => {
  it('gives owners everything and admins everything but deleting the village', () => {
    expect([...permissionsOf('owner')].sort()).toEqual([...PERMISSIONS].sort());
    expect(permissionsOf('admin').has('village.delete')).toBe(false);
    expect(permissionsOf('admin').has('members.manage')).toBe(true);
  });

  it('gives members the defaults unless the app redefines member', () => {
    expect(hasPermission('member', 'topics.post')).toBe(true);
    expect(hasPermission('member', 'broadcasts.send')).toBe(false);
    expect(hasPermission('member', 'events.create', { member: ['topics.post'] })).toBe(false);
    expect(hasPermission('member', 'village.read', { member: [] })).toBe(true);
  });

  it('grants an app role what app/roles lists, plus the baseline', () => {
    const appRoles = { MESSAGE_BOARD_POSTER: ['topics.post' as const] };
    expect(hasPermission('MESSAGE_BOARD_POSTER', 'topics.post', appRoles)).toBe(true);
    expect(hasPermission('MESSAGE_BOARD_POSTER', 'members.read', appRoles)).toBe(true);
    expect(hasPermission('MESSAGE_BOARD_POSTER', 'topics.create', appRoles)).toBe(false);
    expect(hasPermission('REMOVED_ROLE', 'village.read', appRoles)).toBe(true);
    expect(hasPermission('REMOVED_ROLE', 'topics.post', appRoles)).toBe(false);
  });

  it('gives a non-member nothing', () => {
    expect(hasPermission(null, 'village.read')).toBe(false);
  });
});

describe('mayAssignRole', () => {
  it('lets only an owner grant owner or change an owner', () => {
    expect(mayAssignRole('admin', 'member', 'admin')).toBe(true);
    expect(mayAssignRole('admin', null, 'member')).toBe(true);
    expect(mayAssignRole('admin', 'member', 'owner')).toBe(false);
    expect(mayAssignRole('admin', 'owner', 'member')).toBe(false);
    expect(mayAssignRole('owner', 'owner', 'admin')).toBe(true);
  });
});

describe('appRolesDocument', () => {
  it('accepts app roles of known permissions and refuses redefining owner or admin', () => {
    expect(appRolesDocument.safeParse({ COACH: ['events.create'] }).success).toBe(true);
    expect(appRolesDocument.safeParse({ COACH: ['fly'] }).success).toBe(false);
    expect(appRolesDocument.safeParse({ admin: ['events.create'] }).success).toBe(false);
  });
});

describe('isKnownRole', () => {
  it('knows built-in roles and the app roles the document defines, not inherited names', () => {
    const appRoles = { COACH: ['events.create' as const] };
    expect(['owner', 'admin', 'member', 'COACH'].every((role) => isKnownRole(role, appRoles))).toBe(true);
    expect(isKnownRole('wizard', appRoles)).toBe(false);
    expect(isKnownRole('toString', appRoles)).toBe(false);
  });
});
