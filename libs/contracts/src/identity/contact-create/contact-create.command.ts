import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { contact, contactFields } from '../contact/contact.schema';

export const contactCreate = defineCommand({
  service: 'identity',
  name: 'contact.create',
  version: 1,
  summary: 'Add a directory contact to a village (contacts.manage)',
  request: contactFields.extend({ villageId: uuid }),
  response: contact,
});
