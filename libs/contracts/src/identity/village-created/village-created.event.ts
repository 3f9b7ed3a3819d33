import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';
import { roleName, villageVisibility } from '../village/village.schema';

export const villageCreated = defineEvent({
  service: 'identity',
  name: 'village.created',
  version: 1,
  summary: 'A village was created (by a user, or declared by the app); its creator is its first owner',
  data: z.object({
    villageId: uuid,
    name: z.string(),
    visibility: villageVisibility,
    fixedKey: z.string().nullable(),
    ownerId: uuid.nullable(),
    ownerRole: roleName.nullable(),
  }),
});
