import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';

export const contactDeleted = defineEvent({
  service: 'identity',
  name: 'contact.deleted',
  version: 1,
  summary: 'A directory contact was removed from a village',
  data: z.object({ contactId: uuid, villageId: uuid }),
});
