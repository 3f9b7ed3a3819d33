import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import {
  checksumSha256,
  contentType,
  file,
  fileName,
  filePermissionsPatch,
  fileUpload,
  folderPath,
} from '../file/file.schema';

/** The body of `POST /v1/villages/{villageId}/files`. */
export const fileCreateFields = z.strictObject({
  name: fileName,
  contentType,
  /** Bytes the upload will hold; the upload URL is bound to it. */
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  checksumSha256: checksumSha256.optional(),
  folder: folderPath.optional(),
  /** Left-out fields take the village's defaults (metadata `files`), then `visible`, `[]`, `[]`. */
  permissions: filePermissionsPatch.optional(),
});

export const fileCreate = defineCommand({
  service: 'files',
  name: 'file.create',
  version: 1,
  summary:
    'Start an upload (files.upload): a pending file and a presigned PUT (or multipart part URLs above the threshold)',
  request: fileCreateFields.extend({ villageId: uuid }),
  response: z.object({ file, upload: fileUpload }),
});
