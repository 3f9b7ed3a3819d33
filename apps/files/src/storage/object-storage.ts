import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ServiceError } from '@vv/platform';
import type { FilesConfig } from '../config';

/** What HEAD tells of an uploaded object. */
export interface StoredObject {
  size: number;
  contentType: string | undefined;
  /** The full-object SHA-256 S3 verified at upload (base64), when the store keeps one. */
  checksumSha256: string | undefined;
}

export interface PresignedRequest {
  url: string;
  /** Headers the client must send as they are (they are part of the signature). */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
}

const NOT_FOUND = new Set(['NotFound', 'NoSuchKey', 'NoSuchBucket', '404']);
/** What an S3-compatible store answers when it lacks a call (s3rver has no abort of multipart uploads). */
const UNSUPPORTED = new Set(['NotImplemented', 'MethodNotAllowed']);

const errorName = (error: unknown): string | undefined =>
  error instanceof S3ServiceException ? error.name : error instanceof Error ? error.name : undefined;

const statusOf = (error: unknown): number | undefined =>
  error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;

const isNotFound = (error: unknown): boolean =>
  NOT_FOUND.has(errorName(error) ?? '') || statusOf(error) === 404;

/** S3 unreachable or failing: the caller may retry later. */
const unavailable = (error: unknown): ServiceError =>
  new ServiceError(
    'unavailable',
    `Object storage failed: ${error instanceof Error ? error.message : String(error)}`,
  );

const expiry = (ttlSeconds: number): string => new Date(Date.now() + ttlSeconds * 1000).toISOString();

/**
 * The files service's one door to S3 (any S3-compatible store). Requests go to S3_ENDPOINT;
 * presigned URLs name S3_PUBLIC_ENDPOINT when clients reach the store at another address.
 * Checksums are computed only where the request needs one (`WHEN_REQUIRED`): a presigned PUT must
 * not carry the SDK's checksum of an empty body.
 */
export class ObjectStorage {
  readonly bucket: string;
  private readonly client: S3Client;
  private readonly signer: S3Client;

  constructor(config: FilesConfig) {
    this.bucket = config.S3_BUCKET;
    const credentials =
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : undefined;
    const clientFor = (endpoint: string | undefined): S3Client =>
      new S3Client({
        region: config.S3_REGION,
        endpoint,
        forcePathStyle: config.S3_FORCE_PATH_STYLE,
        credentials,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3,
      });
    this.client = clientFor(config.S3_ENDPOINT);
    this.signer =
      config.S3_PUBLIC_ENDPOINT && config.S3_PUBLIC_ENDPOINT !== config.S3_ENDPOINT
        ? clientFor(config.S3_PUBLIC_ENDPOINT)
        : this.client;
  }

  /** Creates the bucket unless it exists. */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      // Another replica created it in between.
      if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(errorName(error) ?? '')) throw error;
    }
  }

  /** Readiness: the bucket answers. */
  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  /** A PUT bound to the type, the size and (when given) the SHA-256 of the bytes. */
  async presignPut(
    key: string,
    object: { contentType: string; size: number; checksumSha256?: string },
    ttlSeconds: number,
  ): Promise<PresignedRequest> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: object.contentType,
      ContentLength: object.size,
      ChecksumSHA256: object.checksumSha256,
    });
    const url = await getSignedUrl(this.signer, command, {
      expiresIn: ttlSeconds,
      signableHeaders: new Set(['content-type', 'content-length']),
      // Kept a header (not hoisted into the query) so S3 checks the bytes against it.
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
    });
    const headers: Record<string, string> = { 'content-type': object.contentType };
    if (object.checksumSha256) headers['x-amz-checksum-sha256'] = object.checksumSha256;
    return { url, headers, expiresAt: expiry(ttlSeconds) };
  }

  async startMultipart(key: string, contentType: string): Promise<string> {
    try {
      const answer = await this.client.send(
        new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
      );
      if (!answer.UploadId) throw new Error('no UploadId in the answer');
      return answer.UploadId;
    } catch (error) {
      throw unavailable(error);
    }
  }

  /** Part URLs for `size` bytes in parts of `partSize` (the last one smaller). */
  async presignParts(
    key: string,
    uploadId: string,
    size: number,
    partSize: number,
    ttlSeconds: number,
  ): Promise<{ parts: Array<{ partNumber: number; url: string; size: number }>; expiresAt: string }> {
    const count = Math.max(1, Math.ceil(size / partSize));
    const parts = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const partNumber = index + 1;
        const partBytes = Math.min(partSize, size - index * partSize);
        const url = await getSignedUrl(
          this.signer,
          new UploadPartCommand({
            Bucket: this.bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: partNumber,
            ContentLength: partBytes,
          }),
          { expiresIn: ttlSeconds, signableHeaders: new Set(['content-length']) },
        );
        return { partNumber, url, size: partBytes };
      }),
    );
    return { parts, expiresAt: expiry(ttlSeconds) };
  }

  /** Assembles the parts; false when S3 does not know the upload or a part (not uploaded yet). */
  async completeMultipart(key: string, uploadId: string, parts: UploadedPart[]): Promise<boolean> {
    try {
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: {
            Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })),
          },
        }),
      );
      return true;
    } catch (error) {
      const name = errorName(error) ?? '';
      if (['NoSuchUpload', 'InvalidPart', 'InvalidPartOrder', 'EntityTooSmall'].includes(name)) return false;
      if (statusOf(error) === 400 || statusOf(error) === 404) return false;
      throw unavailable(error);
    }
  }

  /** The object's size, type and checksum; undefined when there is none. */
  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const answer = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }),
      );
      const checksum = answer.ChecksumSHA256;
      return {
        size: answer.ContentLength ?? 0,
        contentType: answer.ContentType,
        // A multipart object's checksum is a checksum of part checksums (`…-N`): not the content's.
        checksumSha256: checksum && !checksum.includes('-') ? checksum : undefined,
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw unavailable(error);
    }
  }

  /** SHA-256 of the object's bytes (base64), read as a stream: memory stays flat for any size. */
  async sha256Of(key: string): Promise<string> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const hash = createHash('sha256');
      for await (const chunk of answer.Body as Readable) hash.update(chunk as Buffer);
      return hash.digest('base64');
    } catch (error) {
      throw unavailable(error);
    }
  }

  /** A GET that makes the browser treat the bytes as `contentType` with the given disposition. */
  async presignGet(
    key: string,
    response: { contentType: string; contentDisposition: string },
    ttlSeconds: number,
  ): Promise<{ url: string; expiresAt: string }> {
    const url = await getSignedUrl(
      this.signer,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentType: response.contentType,
        ResponseContentDisposition: response.contentDisposition,
      }),
      { expiresIn: ttlSeconds },
    );
    return { url, expiresAt: expiry(ttlSeconds) };
  }

  /** Deletes the object (and aborts its multipart upload); deleting what is gone succeeds. */
  async remove(key: string, uploadId?: string | null): Promise<void> {
    if (uploadId) {
      try {
        await this.client.send(
          new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
        );
      } catch (error) {
        const name = errorName(error) ?? '';
        if (
          !isNotFound(error) &&
          name !== 'NoSuchUpload' &&
          !UNSUPPORTED.has(name) &&
          statusOf(error) !== 405
        ) {
          throw error;
        }
      }
    }
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  destroy(): void {
    this.client.destroy();
    if (this.signer !== this.client) this.signer.destroy();
  }
}
