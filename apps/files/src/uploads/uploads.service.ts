import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  mediaTypeEssence,
  MULTIPART_PARTS_MAX,
  type FieldError,
  type FilePermissions,
  type FileRecord,
  type FileUpload,
  type ParsedRequestOf,
  type fileCreate,
} from '@vv/contracts';
import { CONFIG, LOGGER, ServiceError, type Actor, type Logger } from '@vv/platform';
import type { FilesConfig } from '../config';
import { sizeOf, toFileRecord, type FileRow } from '../files/file-row';
import { FilesPolicy } from '../files/files.policy';
import { FilesRepository } from '../files/files.repository';
import { FilesSettings, matchesType, type FileLimits } from '../settings/files-settings';
import { objectKeyOf } from '../storage/object-key';
import { ObjectStorage, type UploadedPart } from '../storage/object-storage';

type CreateRequest = Omit<ParsedRequestOf<typeof fileCreate>, 'villageId'>;

const MIB = 1024 * 1024;

/**
 * Uploads: a pending record and presigned URL(s), then `complete`, which checks the object in S3
 * before the file becomes ready. The record exists before any byte does, so the quota is reserved
 * up front and an abandoned upload is found by the sweep.
 */
@Injectable()
export class UploadsService {
  constructor(
    private readonly files: FilesRepository,
    private readonly policy: FilesPolicy,
    private readonly settings: FilesSettings,
    private readonly storage: ObjectStorage,
    @Inject(CONFIG) private readonly config: FilesConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(
    actor: Actor,
    villageId: string,
    request: CreateRequest,
  ): Promise<{ file: FileRecord; upload: FileUpload }> {
    await this.policy.assertUpload(actor, villageId);
    const limits = await this.settings.limitsFor(actor, villageId);
    this.assertWithinLimits(request, limits);
    const permissions: FilePermissions = { ...limits.defaultPermissions, ...request.permissions };
    await this.policy.assertValidPermissions(villageId, permissions);

    const id = randomUUID();
    const row = await this.files.create(
      {
        id,
        villageId,
        ownerId: actor.userId,
        name: request.name,
        folder: request.folder ?? '/',
        contentType: request.contentType,
        size: request.size,
        checksumSha256: request.checksumSha256 ?? null,
        visibility: permissions.visibility,
        read: permissions.read,
        write: permissions.write,
        objectKey: objectKeyOf(villageId, id),
      },
      limits.quotaBytes,
    );
    const ttl = this.config.FILES_UPLOAD_URL_TTL_SECONDS;
    if (request.size < this.config.FILES_MULTIPART_THRESHOLD_BYTES) {
      const put = await this.storage.presignPut(
        row.objectKey,
        { contentType: row.contentType, size: request.size, checksumSha256: request.checksumSha256 },
        ttl,
      );
      return { file: toFileRecord(row), upload: { method: 'PUT', ...put } };
    }
    return { file: toFileRecord(row), upload: await this.startMultipart(row, request.size, ttl) };
  }

  /**
   * Checks the uploaded object against the record (size, type, checksum) and makes the file
   * ready. A mismatch deletes record and object (upload_mismatch); a missing object or part leaves
   * the file pending (upload_incomplete). Completing a ready file again answers it unchanged.
   */
  async complete(actor: Actor, fileId: string, parts?: UploadedPart[]): Promise<FileRecord> {
    const row = await this.policy.assert(actor, await this.files.getFor(fileId, actor.userId), 'admin');
    if (row.ownerId !== actor.userId) {
      throw new ServiceError('forbidden', 'Only its uploader completes an upload');
    }
    if (row.status === 'ready') return toFileRecord(row);

    if (row.uploadId !== null) {
      if (!parts) {
        throw ServiceError.invalid([
          { field: 'parts', reason: 'a multipart upload is completed with the ETag of each part' },
        ]);
      }
      const assembled = await this.storage.completeMultipart(row.objectKey, row.uploadId, parts);
      if (!assembled && !(await this.storage.head(row.objectKey))) {
        throw new ServiceError('upload_incomplete', 'Not every part has been uploaded (or an ETag is wrong)');
      }
    }
    const stored = await this.storage.head(row.objectKey);
    if (!stored) {
      throw new ServiceError('upload_incomplete', 'Nothing has been uploaded to the URL yet');
    }
    const errors = await this.mismatches(row, stored);
    if (errors.length > 0) {
      await this.files.delete([row.id], actor.userId, 'rejected');
      // Removed at once too (the cleanup consumer would do it a moment later), so the client never
      // finds rejected bytes in the store.
      await this.storage.remove(row.objectKey).catch((error: unknown) => {
        this.logger.warn(
          { err: error, fileId },
          'rejected upload not removed yet; the cleanup consumer retries',
        );
      });
      throw new ServiceError('upload_mismatch', 'The upload does not match the file; it was deleted', {
        errors,
      });
    }
    const ready =
      (await this.files.complete(row.id, actor.userId)) ?? (await this.files.getFor(fileId, actor.userId));
    if (!ready) throw new ServiceError('not_found', 'No such file');
    return toFileRecord(ready);
  }

  private assertWithinLimits(request: CreateRequest, limits: FileLimits): void {
    if (request.size > limits.maxSizeBytes) {
      throw new ServiceError('payload_too_large', `A file may hold at most ${limits.maxSizeBytes} bytes`, {
        errors: [{ field: 'size', reason: `at most ${limits.maxSizeBytes} bytes` }],
        maxSizeBytes: limits.maxSizeBytes,
      });
    }
    const refusedBy = limits.allowedTypes.find(
      (list) => !list.some((pattern) => matchesType(request.contentType, pattern)),
    );
    if (refusedBy) {
      throw new ServiceError(
        'unsupported_media_type',
        `Files of type ${mediaTypeEssence(request.contentType)} are not allowed`,
        {
          errors: [{ field: 'contentType', reason: `allowed: ${refusedBy.join(', ')}` }],
          allowedTypes: refusedBy,
        },
      );
    }
  }

  private async startMultipart(row: FileRow, size: number, ttl: number): Promise<FileUpload> {
    // Parts of at least the configured size, more when the file would need more than S3's 10,000.
    const partSize = Math.max(
      this.config.FILES_MULTIPART_PART_SIZE_BYTES,
      Math.ceil(size / MULTIPART_PARTS_MAX / MIB) * MIB,
    );
    let uploadId: string;
    try {
      uploadId = await this.storage.startMultipart(row.objectKey, row.contentType);
    } catch (error) {
      await this.files.discardPending(row.id);
      throw error;
    }
    await this.files.setUploadId(row.id, uploadId);
    const { parts, expiresAt } = await this.storage.presignParts(
      row.objectKey,
      uploadId,
      size,
      partSize,
      ttl,
    );
    return { method: 'MULTIPART', partSize, parts, headers: {}, expiresAt };
  }

  private async mismatches(
    row: FileRow,
    stored: { size: number; contentType: string | undefined; checksumSha256: string | undefined },
  ): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (stored.size !== sizeOf(row)) {
      errors.push({ field: 'size', reason: `declared ${sizeOf(row)} bytes, uploaded ${stored.size}` });
    }
    const uploadedType = stored.contentType === undefined ? '' : mediaTypeEssence(stored.contentType);
    if (uploadedType !== mediaTypeEssence(row.contentType)) {
      errors.push({
        field: 'contentType',
        reason: `declared ${mediaTypeEssence(row.contentType)}, uploaded ${uploadedType || 'none'}`,
      });
    }
    if (row.checksumSha256 !== null && errors.length === 0) {
      // The store's own verified checksum when it keeps one; otherwise the bytes are read once.
      const actual = stored.checksumSha256 ?? (await this.storage.sha256Of(row.objectKey));
      if (actual !== row.checksumSha256) {
        errors.push({ field: 'checksumSha256', reason: 'the uploaded bytes have another SHA-256' });
      }
    }
    return errors;
  }
}
