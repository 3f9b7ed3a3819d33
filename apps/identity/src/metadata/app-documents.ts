import { appRolesDocument } from '@vv/access';
import {
  appMembersDocument,
  appVillagesDocument,
  emailTemplatesDocument,
  FILES_SETTINGS_KEY,
  filesSettingsDocument,
  uuid,
} from '@vv/contracts';
import type { z } from 'zod';

/**
 * The `app` documents the suite itself reads, each with the schema a write must pass: roles
 * (libs/access), fixed villages (re-synced after a write), how members join, email templates and
 * the files limits.
 */
export const APP_DOCUMENTS: Readonly<Record<string, z.ZodType>> = {
  roles: appRolesDocument,
  villages: appVillagesDocument,
  members: appMembersDocument,
  'email-templates': emailTemplatesDocument,
  files: filesSettingsDocument,
};

/** The `village:{id}` documents the suite reads: the village's files limits and default permissions. */
export const VILLAGE_DOCUMENTS: Readonly<Record<string, z.ZodType>> = {
  files: filesSettingsDocument,
};

/** The schema a document of `kind` (`app`, `village`) and `key` must match, if the suite reads it. */
export const documentSchema = (kind: string, key: string): z.ZodType | undefined => {
  const documents = kind === 'app' ? APP_DOCUMENTS : kind === 'village' ? VILLAGE_DOCUMENTS : {};
  return Object.hasOwn(documents, key) ? documents[key] : undefined;
};

/** A user a document names, and where (the field path from `value`). */
export interface NamedUser {
  field: string;
  userId: string;
}

/**
 * The users a valid `village:{id}` document names, which must be members of that village: the
 * user ids (not role names) in the default permissions of `files`.
 */
export function usersNamedIn(key: string, value: unknown): NamedUser[] {
  if (key !== FILES_SETTINGS_KEY) return [];
  const parsed = filesSettingsDocument.safeParse(value);
  const permissions = parsed.success ? (parsed.data.defaultPermissions ?? {}) : {};
  return (['read', 'write'] as const).flatMap((list) =>
    (permissions[list] ?? []).flatMap((entry, index) =>
      uuid.safeParse(entry).success
        ? [{ field: `value.defaultPermissions.${list}.${index}`, userId: entry }]
        : [],
    ),
  );
}
