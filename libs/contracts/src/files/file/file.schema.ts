import { z } from 'zod';
import { isoTimestamp, uuid } from '../../common/schemas';
import { roleName } from '../../identity/village/village.schema';

/** Longest file name, in characters. */
export const FILE_NAME_MAX = 255;
/** Longest folder path, in characters, and its deepest nesting. */
export const FOLDER_PATH_MAX = 1024;
export const FOLDER_DEPTH_MAX = 16;
/** Entries a file's `read` or `write` list may hold. */
export const FILE_ACCESS_LIST_MAX = 50;

// Control characters (C0, DEL, C1) and the path separators never appear in a name.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f/\\]/;

const segment = (value: string): boolean =>
  value.length > 0 &&
  value.length <= FILE_NAME_MAX &&
  value.trim() === value &&
  value !== '.' &&
  value !== '..' &&
  !FORBIDDEN_NAME_CHARS.test(value);

/** A file's name: 1–255 characters, no slashes or control characters, not `.` or `..`, no outer spaces. */
export const fileName = z.string().refine(segment, {
  message: `1–${FILE_NAME_MAX} characters without slashes or control characters, not . or .., no leading or trailing spaces`,
});

/**
 * A folder: a path of names, stored as `/` (the root) or `/a/b/` (leading and trailing slash).
 * Accepted with or without the trailing slash.
 */
export const folderPath = z
  .string()
  .max(FOLDER_PATH_MAX)
  .transform((value) => (value.endsWith('/') ? value : `${value}/`))
  .refine(
    (value) => {
      if (!value.startsWith('/')) return false;
      if (value === '/') return true;
      const parts = value.slice(1, -1).split('/');
      return parts.length <= FOLDER_DEPTH_MAX && parts.every(segment);
    },
    { message: `a path like /docs/2026 (at most ${FOLDER_DEPTH_MAX} names, each a valid file name)` },
  );

const TOKEN = '[a-z0-9!#$&^_.+-]+';
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=("[^"]*"|${TOKEN}))*$`, 'i');

/** A media type such as `image/png` or `text/plain; charset=utf-8`, stored lower-case. */
export const contentType = z
  .string()
  .max(255)
  .regex(MEDIA_TYPE, 'a media type such as image/png')
  .transform((value) => value.toLowerCase());

/** The media type without parameters: `text/plain; charset=utf-8` → `text/plain`. */
export const mediaTypeEssence = (value: string): string => value.split(';')[0].trim().toLowerCase();

/** SHA-256 of the content as S3 expects it in `x-amz-checksum-sha256`: base64 of the 32 bytes. */
export const checksumSha256 = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of a SHA-256 digest');

/** An entry of a read or write list: a user id, or a role name (built in or from `app/roles`). */
export const fileAccessEntry = z.union([uuid, roleName]);

export const FILE_VISIBILITIES = ['visible', 'hidden'] as const;
export const fileVisibility = z.enum(FILE_VISIBILITIES);

/**
 * Who may see and change a file besides its owner and the village's `files.manage` holders
 * (admins). `hidden`: nobody else sees it. `visible` with an empty `read` list: every member;
 * otherwise the members whose role or user id is listed. `write` grants rename, move and delete.
 */
export const filePermissions = z.strictObject({
  visibility: fileVisibility,
  read: z.array(fileAccessEntry).max(FILE_ACCESS_LIST_MAX),
  write: z.array(fileAccessEntry).max(FILE_ACCESS_LIST_MAX),
});
export type FilePermissions = z.output<typeof filePermissions>;

/** Permissions as given on create or update: fields left out keep their value (or the village default). */
export const filePermissionsPatch = filePermissions.partial();

export const FILE_STATUSES = ['pending', 'ready'] as const;

/** A file's record. `pending` until its upload is completed; only `ready` files are listed and downloaded. */
export const file = z.object({
  id: uuid,
  villageId: uuid,
  ownerId: uuid,
  name: z.string(),
  folder: z.string(),
  contentType: z.string(),
  /** Bytes. */
  size: z.number().int().nonnegative(),
  checksumSha256: z.string().nullable(),
  status: z.enum(FILE_STATUSES),
  permissions: filePermissions,
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  /** When the upload was completed; null while pending. */
  uploadedAt: isoTimestamp.nullable(),
});
export type FileRecord = z.output<typeof file>;

/** A single presigned PUT: send the bytes with exactly these headers before `expiresAt`. */
export const singleUpload = z.object({
  method: z.literal('PUT'),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  expiresAt: isoTimestamp,
});

/**
 * A multipart upload (files above the multipart threshold): PUT each part's bytes (`size` of them,
 * the slice starting at `(partNumber - 1) * partSize`) to its URL, then complete the file.
 */
export const multipartUpload = z.object({
  method: z.literal('MULTIPART'),
  partSize: z.number().int().positive(),
  parts: z.array(
    z.object({ partNumber: z.number().int().positive(), url: z.string(), size: z.number().int().positive() }),
  ),
  headers: z.record(z.string(), z.string()),
  expiresAt: isoTimestamp,
});

export const fileUpload = z.discriminatedUnion('method', [singleUpload, multipartUpload]);
export type FileUpload = z.output<typeof fileUpload>;

/** What every file event carries: enough for a subscriber to decide who may see it. */
export const fileEventFields = {
  fileId: uuid,
  villageId: uuid,
  ownerId: uuid,
  name: z.string(),
  folder: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  permissions: filePermissions,
};

/**
 * Metadata `app/files` (app-wide) and `files` in scope `village:{id}`: limits that narrow the
 * configured ones (the smallest wins) and the default permissions of new files (the village's
 * over the app's).
 */
export const filesSettingsDocument = z.strictObject({
  maxSizeBytes: z.number().int().positive().optional(),
  /** Media types or families (`image/*`); a file's type must match one. */
  allowedTypes: z
    .array(
      z.string().regex(/^([a-z0-9!#$&^_.+-]+\/([a-z0-9!#$&^_.+-]+|\*)|\*\/\*)$/, 'type/subtype or type/*'),
    )
    .max(200)
    .optional(),
  quotaBytes: z.number().int().positive().optional(),
  defaultPermissions: filePermissionsPatch.optional(),
});
export type FilesSettingsDocument = z.output<typeof filesSettingsDocument>;

/** The metadata key of the files settings (`app/files`, `village:{id}/files`). */
export const FILES_SETTINGS_KEY = 'files';
