import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty, uuid } from '../../common/schemas';

export const fileDelete = defineCommand({
  service: 'files',
  name: 'file.delete',
  version: 1,
  summary:
    'Delete a file (owner, write list, files.manage): the record at once, the object by the cleanup consumer',
  request: z.strictObject({ fileId: uuid }),
  response: empty,
});
