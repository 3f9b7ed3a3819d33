import { appRolesDocument } from '@vv/access';
import { appVillagesDocument, emailTemplatesDocument } from '@vv/contracts';
import type { z } from 'zod';

/**
 * The `app` documents the suite itself reads, each with the schema a write must pass: roles
 * (libs/access), fixed villages (re-synced after a write) and email templates.
 */
export const APP_DOCUMENTS: Readonly<Record<string, z.ZodType>> = {
  roles: appRolesDocument,
  villages: appVillagesDocument,
  'email-templates': emailTemplatesDocument,
};

/** The schema an `app/<key>` document must match, if the suite reads that document. */
export const appDocumentSchema = (key: string): z.ZodType | undefined =>
  Object.hasOwn(APP_DOCUMENTS, key) ? APP_DOCUMENTS[key] : undefined;
