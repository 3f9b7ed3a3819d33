import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';

export const contactLinked = defineEvent({
  service: 'identity',
  name: 'contact.linked',
  version: 1,
  summary: 'A directory contact was linked to a member of its village (it keeps its id, notes and history)',
  data: z.object({ contactId: uuid, villageId: uuid, userId: uuid }),
});
