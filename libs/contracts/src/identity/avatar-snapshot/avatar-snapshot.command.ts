import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { snapshotPage, snapshotRequest, snapshotVersion } from '../../common/snapshot';

/**
 * Service-to-service: every active user's avatar file, in keyset pages, for files to rebuild who
 * may read which avatar. Users without an avatar are absent.
 */
export const avatarSnapshot = defineCommand({
  service: 'identity',
  name: 'avatar.snapshot',
  version: 1,
  summary: 'Internal: every user’s avatar file, paged, to rebuild the avatars files keeps',
  request: snapshotRequest,
  response: snapshotPage(z.object({ userId: uuid, avatarFileId: uuid, versionAt: snapshotVersion })),
});
