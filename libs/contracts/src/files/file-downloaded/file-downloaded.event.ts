import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';

export const fileDownloaded = defineEvent({
  service: 'files',
  name: 'file.downloaded',
  version: 1,
  summary:
    'A file was downloaded (a presigned GET was handed out); its owner and files.manage holders see these',
  data: z.object({ downloadId: uuid, fileId: uuid, villageId: uuid, ownerId: uuid, userId: uuid }),
});
