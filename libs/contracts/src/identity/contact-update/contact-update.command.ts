import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { contact, contactPatch } from '../contact/contact.schema';

export const contactUpdate = defineCommand({
  service: 'identity',
  name: 'contact.update',
  version: 1,
  summary: 'Change a directory contact (only the fields given; userId null unlinks) (contacts.manage)',
  request: z.strictObject({ villageId: uuid, contactId: uuid, patch: contactPatch }),
  response: contact,
});
