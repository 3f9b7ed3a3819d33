/** Built-in village roles, strongest first. Apps add their own roles in metadata `app/roles`. */
export const BUILT_IN_ROLES = ['owner', 'admin', 'member'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

/** Every permission a role may grant. A role in metadata `app/roles` names a subset of these. */
export const PERMISSIONS = [
  'village.read',
  'village.update',
  'village.delete',
  'members.read',
  'members.manage',
  'invitations.manage',
  'contacts.manage',
  'metadata.write',
  'broadcasts.send',
  'conversations.create',
  'topics.create',
  'topics.post',
  'topics.moderate',
  'events.create',
  'events.manage',
  'files.upload',
  'files.manage',
  'webhooks.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
