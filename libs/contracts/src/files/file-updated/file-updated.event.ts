import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { fileEventFields, filePermissions } from '../file/file.schema';

export const fileUpdated = defineEvent({
  service: 'files',
  name: 'file.updated',
  version: 1,
  summary:
    'A ready file was renamed, moved or its permissions changed (`previousPermissions`: who could see it before)',
  data: z.object({
    ...fileEventFields,
    changes: z.array(z.enum(['name', 'folder', 'permissions'])),
    previousPermissions: filePermissions,
  }),
});
