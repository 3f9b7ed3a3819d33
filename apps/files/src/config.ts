import { baseConfigSchema, databaseConfigSchema, env } from '@vv/platform';
import { z } from 'zod';

const MIB = 1024 * 1024;
/** S3's smallest part (all but the last part of a multipart upload). */
export const S3_MIN_PART_SIZE = 5 * MIB;

/** Every variable files reads, validated at start (documented in .env.example). */
export const filesConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend({
    FILES_HTTP_PORT: env.port().default(3104),
    /** An S3-compatible endpoint (MinIO, s3rver, …); unset: AWS S3 in S3_REGION. */
    S3_ENDPOINT: env.url().optional(),
    /**
     * The endpoint presigned URLs name, when clients reach S3 at another address than the service
     * (e.g. `http://localhost:9000` while the service uses `http://minio:9000`); default S3_ENDPOINT.
     */
    S3_PUBLIC_ENDPOINT: env.url().optional(),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name')
      .default('virtual-village-files'),
    S3_REGION: env.string().default('us-east-1'),
    /** Unset: the AWS SDK's default credential chain. */
    S3_ACCESS_KEY_ID: env.string().optional(),
    S3_SECRET_ACCESS_KEY: env.string().optional(),
    /** Path-style URLs (`endpoint/bucket/key`), which MinIO and s3rver need. */
    S3_FORCE_PATH_STYLE: env.bool.default(true),
    /** The largest file, in bytes (metadata `files` may lower it per app or village). */
    FILES_MAX_SIZE_BYTES: env.int(1).default(100 * MIB),
    /** Allowed media types or families (`image/*`), comma-separated; `*\/*` allows any. */
    FILES_ALLOWED_TYPES: env.list().default(['*/*']),
    /** Bytes a village may store, pending uploads included (metadata may lower it). */
    FILES_VILLAGE_QUOTA_BYTES: env.int(1).default(10 * 1024 * MIB),
    /** How long a presigned upload URL (single or part) is valid. */
    FILES_UPLOAD_URL_TTL_SECONDS: env.int(1).default(900),
    /** How long a presigned download URL is valid. */
    FILES_DOWNLOAD_URL_TTL_SECONDS: env.int(10).default(300),
    /** A pending upload not completed this long after its creation is deleted (object included). */
    FILES_PENDING_TTL_SECONDS: env.int(1).default(6 * 3600),
    /** How often pending uploads past their TTL are looked for; 0 turns the sweep off. */
    FILES_SWEEP_INTERVAL_MS: env.int(0).default(60_000),
    /** Files of this size or larger are uploaded in parts. */
    FILES_MULTIPART_THRESHOLD_BYTES: env.int(S3_MIN_PART_SIZE).default(64 * MIB),
    /** The size of each part but the last. */
    FILES_MULTIPART_PART_SIZE_BYTES: env.int(S3_MIN_PART_SIZE).default(16 * MIB),
  })
  .refine((config) => config.FILES_PENDING_TTL_SECONDS >= config.FILES_UPLOAD_URL_TTL_SECONDS, {
    message: 'FILES_PENDING_TTL_SECONDS must be at least FILES_UPLOAD_URL_TTL_SECONDS',
    path: ['FILES_PENDING_TTL_SECONDS'],
  });

export type FilesConfig = z.output<typeof filesConfigSchema>;
