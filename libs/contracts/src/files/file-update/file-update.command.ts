import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { file, fileName, filePermissionsPatch, folderPath } from '../file/file.schema';

/** The body of `PATCH /v1/files/{id}`: rename, move, change permissions (left-out fields keep theirs). */
export const filePatch = z
  .strictObject({
    name: fileName.optional(),
    folder: folderPath.optional(),
    permissions: filePermissionsPatch.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });
export type FilePatch = z.output<typeof filePatch>;

export const fileUpdate = defineCommand({
  service: 'files',
  name: 'file.update',
  version: 1,
  summary:
    'Rename or move a file (owner, write list, files.manage) or change its permissions (owner, files.manage)',
  request: z.strictObject({ fileId: uuid, patch: filePatch }),
  response: file,
});
