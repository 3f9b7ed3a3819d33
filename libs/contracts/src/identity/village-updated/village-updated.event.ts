import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';
import { villageVisibility } from '../village/village.schema';

export const villageUpdated = defineEvent({
  service: 'identity',
  name: 'village.updated',
  version: 1,
  summary: "A village's name, description, visibility or data changed; carries the new name and visibility",
  data: z.object({
    villageId: uuid,
    changed: z.array(z.string()),
    name: z.string(),
    visibility: villageVisibility,
  }),
});
