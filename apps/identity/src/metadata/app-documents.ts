import { appRolesDocument } from '@vv/access';
import {
  appMembersDocument,
  appVillagesDocument,
  emailTemplatesDocument,
  filesSettingsDocument,
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
