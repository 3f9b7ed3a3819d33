import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty, uuid } from '../../common/schemas';

export const contactDelete = defineCommand({
  service: 'identity',
  name: 'contact.delete',
  version: 1,
  summary: 'Remove a directory contact (contacts.manage)',
  request: z.strictObject({ villageId: uuid, contactId: uuid }),
  response: empty,
});
