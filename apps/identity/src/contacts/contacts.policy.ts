import { decideAccess, type AccessDecision } from '@vv/access';
import type { Permission } from '@vv/contracts';
import { appRolesOf } from '../metadata/metadata.policy';
import type { ActorFactsRow } from '../metadata/metadata.repository';

/** Reading the directory's contacts is reading the directory; writing them is `contacts.manage`. */
export const CONTACT_PERMISSIONS = {
  read: 'members.read',
  write: 'contacts.manage',
} as const satisfies Record<string, Permission>;

/** libs/access's decision for the caller's facts: a private village is `not_found` to outsiders. */
export const decideContactAccess = (facts: ActorFactsRow, operation: 'read' | 'write'): AccessDecision =>
  decideAccess(
    {
      village: facts.villageVisibility ? { visibility: facts.villageVisibility } : null,
      role: facts.role,
    },
    CONTACT_PERMISSIONS[operation],
    appRolesOf(facts.appRoles),
  );
