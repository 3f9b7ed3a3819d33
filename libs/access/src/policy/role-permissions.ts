import { BUILT_IN_ROLES, PERMISSIONS, roleName, type Permission } from '@vv/contracts';
import { z } from 'zod';

/** Metadata `app/roles`: app-defined role → the permissions it grants; `member` may be redefined too. */
export const appRolesDocument = z
  .record(roleName, z.array(z.enum(PERMISSIONS)))
  .refine((roles) => !('owner' in roles) && !('admin' in roles), {
    message: 'owner and admin are built in and cannot be redefined',
  });
export type AppRoles = Readonly<Record<string, readonly Permission[]>>;

/** What every role, including an app role the app has since removed, may do. */
const BASELINE: readonly Permission[] = ['village.read', 'members.read'];

const MEMBER_DEFAULT: readonly Permission[] = [
  ...BASELINE,
  'conversations.create',
  'topics.create',
  'topics.post',
  'events.create',
  'files.upload',
];

const OWNER = new Set<Permission>(PERMISSIONS);
const ADMIN = new Set<Permission>(PERMISSIONS.filter((permission) => permission !== 'village.delete'));

/**
 * The one role → permission policy of the suite, used by every service. `owner` may do
 * everything; `admin` everything but delete the village; `member` what `MEMBER_DEFAULT` lists
 * unless the app redefines `member` in `app/roles`; an app role what `app/roles` lists. Every
 * role keeps the baseline (read the village and its directory).
 */
export function permissionsOf(role: string, appRoles: AppRoles = {}): ReadonlySet<Permission> {
  if (role === 'owner') return OWNER;
  if (role === 'admin') return ADMIN;
  const granted = appRoles[role] ?? (role === 'member' ? MEMBER_DEFAULT : []);
  return new Set([...BASELINE, ...granted]);
}

/** Whether a member with `role` (null: not a member) holds `permission`. */
export const hasPermission = (
  role: string | null,
  permission: Permission,
  appRoles: AppRoles = {},
): boolean => role !== null && permissionsOf(role, appRoles).has(permission);

/**
 * Whether an actor with `actorRole` (who holds `members.manage`) may give `newRole` to a member
 * whose role is now `currentRole` (null when they are not a member yet): only an owner grants
 * `owner` or changes an owner's role.
 */
export const mayAssignRole = (actorRole: string, currentRole: string | null, newRole: string): boolean =>
  (newRole !== 'owner' && currentRole !== 'owner') || actorRole === 'owner';

/** A role a membership may hold: built in, or defined by the app in `app/roles` (own keys only, not `toString`). */
export const isKnownRole = (role: string, appRoles: AppRoles): boolean =>
  (BUILT_IN_ROLES as readonly string[]).includes(role) || Object.hasOwn(appRoles, role);
