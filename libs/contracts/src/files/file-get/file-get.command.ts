import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { file } from '../file/file.schema';

export const fileGet = defineCommand({
  service: 'files',
  name: 'file.get',
  version: 1,
  summary: "A file's record (its uploader sees it while pending too)",
  request: z.strictObject({ fileId: uuid }),
  response: file,
});
