import type { Permission } from '@vv/contracts';

/**
 * Reading the directory's contacts is reading the directory; writing them is `contacts.manage`.
 * The village-access gate decides with these (a private village is `not_found` to outsiders).
 */
export const CONTACT_PERMISSIONS = {
  read: 'members.read',
  write: 'contacts.manage',
} as const satisfies Record<string, Permission>;

export type ContactOperation = keyof typeof CONTACT_PERMISSIONS;
