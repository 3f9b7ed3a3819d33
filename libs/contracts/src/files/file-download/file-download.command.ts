import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { isoTimestamp, uuid } from '../../common/schemas';

export const fileDownload = defineCommand({
  service: 'files',
  name: 'file.download',
  version: 1,
  summary:
    'A short-lived presigned GET of a ready file (the gateway answers 302 to it); the download is recorded',
  request: z.strictObject({ fileId: uuid }),
  response: z.object({ url: z.string(), expiresAt: isoTimestamp }),
});
