import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { page, pageQuery, uuid } from '../../common/schemas';
import { contact, contactKind } from '../contact/contact.schema';

export const contactList = defineCommand({
  service: 'identity',
  name: 'contact.list',
  version: 1,
  summary: "A village's directory contacts, newest first; filter by kind, search by name",
  request: pageQuery.extend({
    villageId: uuid,
    kind: contactKind.optional(),
    q: z.string().trim().min(1).max(100).optional(),
  }),
  response: page(contact),
});
