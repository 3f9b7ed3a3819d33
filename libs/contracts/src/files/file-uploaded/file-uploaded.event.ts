import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { fileEventFields } from '../file/file.schema';

export const fileUploaded = defineEvent({
  service: 'files',
  name: 'file.uploaded',
  version: 1,
  summary: 'An upload was completed: the file is ready',
  data: z.object(fileEventFields),
});
