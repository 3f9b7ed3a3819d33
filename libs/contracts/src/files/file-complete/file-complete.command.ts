import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { file } from '../file/file.schema';

/** S3's most parts in one upload. */
export const MULTIPART_PARTS_MAX = 10_000;

/**
 * The body of `POST /v1/files/{id}/complete`: empty for a single PUT; for a multipart upload the
 * `ETag` S3 answered to each part's PUT.
 */
export const fileCompleteFields = z.strictObject({
  parts: z
    .array(
      z.strictObject({
        partNumber: z.number().int().min(1).max(MULTIPART_PARTS_MAX),
        etag: z.string().min(1).max(200),
      }),
    )
    .min(1)
    .max(MULTIPART_PARTS_MAX)
    .optional(),
});

export const fileComplete = defineCommand({
  service: 'files',
  name: 'file.complete',
  version: 1,
  summary:
    'Finish an upload (its uploader): the object is checked in S3 (size, type, checksum) and the file becomes ready, or it is rejected and deleted',
  request: fileCompleteFields.extend({ fileId: uuid }),
  response: file,
});
