import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { roleName, villageVisibility } from '../village/village.schema';

/**
 * Service-to-service read-through for libs/access: what the membership replica would hold for
 * this village and user. `village` is null when the village does not exist.
 */
export const membershipGet = defineCommand({
  service: 'identity',
  name: 'membership.get',
  version: 1,
  summary: 'Internal: a village and one user’s role in it, for membership replicas that missed an event',
  request: z.strictObject({ villageId: uuid, userId: uuid }),
  response: z.object({
    village: z.object({ id: uuid, visibility: villageVisibility }).nullable(),
    role: roleName.nullable(),
  }),
});
