import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { fileEventFields } from '../file/file.schema';

export const FILE_DELETE_REASONS = ['deleted', 'rejected', 'expired', 'village_deleted'] as const;

export const fileDeleted = defineEvent({
  service: 'files',
  name: 'file.deleted',
  version: 1,
  summary:
    'A file record was deleted (by a user, a rejected or expired upload, or with its village); its object is removed after',
  data: z.object({
    ...fileEventFields,
    status: z.enum(['pending', 'ready']),
    reason: z.enum(FILE_DELETE_REASONS),
  }),
});
