import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { snapshotPage, snapshotRequest, snapshotVersion } from '../../common/snapshot';
import { roleName, villageVisibility } from '../village/village.schema';

/** One fact a membership replica (libs/access) holds. */
export const membershipSnapshotItem = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('village'),
    villageId: uuid,
    visibility: villageVisibility,
    versionAt: snapshotVersion,
  }),
  z.object({
    kind: z.literal('member'),
    villageId: uuid,
    userId: uuid,
    role: roleName,
    versionAt: snapshotVersion,
  }),
  /** The `app/roles` metadata document (first page only, when it exists). */
  z.object({
    kind: z.literal('app_roles'),
    roles: z.record(z.string(), z.unknown()),
    documentVersion: z.number().int().nonnegative(),
    versionAt: snapshotVersion,
  }),
]);

/**
 * Service-to-service: every live village, membership and the `app/roles` document, in keyset
 * pages (villages first, then memberships), for a membership replica that starts empty, fell
 * behind the stream's retention or is rebuilt. Villages and memberships that no longer exist are
 * absent: the replica drops what no page named.
 */
export const membershipSnapshot = defineCommand({
  service: 'identity',
  name: 'membership.snapshot',
  version: 1,
  summary: 'Internal: every village, membership and app/roles, paged, to rebuild a membership replica',
  request: snapshotRequest,
  response: snapshotPage(membershipSnapshotItem),
});
