import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { contact } from '../contact/contact.schema';

export const contactGet = defineCommand({
  service: 'identity',
  name: 'contact.get',
  version: 1,
  summary: 'A directory contact of a village',
  request: z.strictObject({ villageId: uuid, contactId: uuid }),
  response: contact,
});
