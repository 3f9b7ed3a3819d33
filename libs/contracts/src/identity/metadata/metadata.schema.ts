import { z } from 'zod';
import { defineCommand, defineEvent } from '../../common/define';
import { empty, isoTimestamp, jsonValue, uuid } from '../../common/schemas';

/** Largest metadata document, in bytes of JSON. */
export const METADATA_MAX_BYTES = 256 * 1024;

/** `app` (app admins write, everyone signed in reads), `village:{id}` (admins write, members read), `user` (own). */
export const metadataScope = z.union([
  z.literal('app'),
  z.literal('user'),
  z.string().regex(/^village:[0-9a-f-]{36}$/, 'app, user or village:{id}'),
]);
export const metadataKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,127}$/, 'lower-case letters, digits, _ . -');

export const metadataDocument = z.object({
  scope: z.string(),
  key: z.string(),
  /** Increases by one with every write; the ETag. */
  version: z.number().int().positive(),
  value: z.unknown(),
  updatedBy: uuid.nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type MetadataDocument = z.output<typeof metadataDocument>;

const address = { scope: metadataScope, key: metadataKey };

export const metadataGet = defineCommand({
  service: 'identity',
  name: 'metadata.get',
  version: 1,
  summary: 'Read a metadata document',
  request: z.strictObject(address),
  response: metadataDocument,
});

/**
 * A write's precondition, from HTTP If-Match (RFC 9110): `ifMatch` lists versions the document must
 * be at (one of them; 0 stands for a tag that can never match), `ifExists` asks only that it exists
 * (`If-Match: *`). Either unmet is `precondition_failed`.
 */
const precondition = {
  ifMatch: z
    .union([
      z
        .number()
        .int()
        .positive()
        .transform((version) => [version]),
      z.array(z.number().int().min(0)).min(1).max(32),
    ])
    .optional(),
  ifExists: z.boolean().optional(),
};

export const metadataPut = defineCommand({
  service: 'identity',
  name: 'metadata.put',
  version: 1,
  summary: 'Create or replace a metadata document; ifMatch (the version) makes it conditional',
  request: z.strictObject({
    ...address,
    value: jsonValue,
    ...precondition,
  }),
  response: metadataDocument,
});

export const metadataDelete = defineCommand({
  service: 'identity',
  name: 'metadata.delete',
  version: 1,
  summary: 'Delete a metadata document; ifMatch makes it conditional',
  request: z.strictObject({ ...address, ...precondition }),
  response: empty,
});

/**
 * Metadata `app/email-templates`: the subject and bodies of the emails the suite sends, per
 * template name. Placeholders such as `{{villageName}}`, `{{inviterName}}`, `{{message}}` and
 * `{{acceptUrl}}` are filled in by the sender; a template left out falls back to the default.
 */
const emailTemplate = z.strictObject({
  subject: z.string().min(1).max(500),
  text: z.string().min(1).max(20_000),
  html: z.string().min(1).max(100_000).optional(),
});
export const emailTemplatesDocument = z.strictObject({
  invitation: emailTemplate.optional(),
});
export type EmailTemplatesDocument = z.output<typeof emailTemplatesDocument>;

export const metadataUpdated = defineEvent({
  service: 'identity',
  name: 'metadata.updated',
  version: 1,
  summary:
    'A metadata document was written or deleted (value null when deleted); user documents carry no value',
  data: z.object({
    scope: z.string(),
    key: z.string(),
    version: z.number().int().nonnegative(),
    deleted: z.boolean(),
    /** The document for `app` and `village:{id}` scopes; omitted for `user` (private). */
    value: z.unknown().optional(),
    villageId: uuid.nullable(),
  }),
});
