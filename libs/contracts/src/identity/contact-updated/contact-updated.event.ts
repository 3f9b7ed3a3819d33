import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { CONTACT_FIELDS, contactEventFields } from '../contact/contact.schema';

export const contactUpdated = defineEvent({
  service: 'identity',
  name: 'contact.updated',
  version: 1,
  summary:
    'A directory contact changed (by an admin, or its link cleared when the linked membership ended); `changed` names the fields',
  data: z.object({ ...contactEventFields, changed: z.array(z.enum(CONTACT_FIELDS)).min(1) }),
});
