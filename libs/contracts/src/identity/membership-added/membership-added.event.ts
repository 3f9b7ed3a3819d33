import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';
import { roleName } from '../village/village.schema';

export const membershipAdded = defineEvent({
  service: 'identity',
  name: 'membership.added',
  version: 1,
  summary: 'A user joined a village (added, joined a public one, accepted an invitation, auto-joined)',
  data: z.object({
    villageId: uuid,
    userId: uuid,
    role: roleName,
    via: z.enum(['created', 'added', 'joined', 'invitation', 'auto_join']),
  }),
});
