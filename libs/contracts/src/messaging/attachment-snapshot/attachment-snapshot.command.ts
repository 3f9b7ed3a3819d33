import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { snapshotPage, snapshotRequest } from '../../common/snapshot';

/**
 * Service-to-service: every live direct message that carries attachments, with its author and
 * recipients, in keyset pages, for files to rebuild who may read which attachment. Deleted
 * messages are absent (their grants go).
 */
export const attachmentSnapshot = defineCommand({
  service: 'messaging',
  name: 'attachment.snapshot',
  version: 1,
  summary: 'Internal: every live message’s attachments and readers, paged, to rebuild files’ grants',
  request: snapshotRequest,
  response: snapshotPage(
    z.object({ messageId: uuid, authorId: uuid, recipientIds: z.array(uuid), attachments: z.array(uuid) }),
  ),
});
