import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { contactEventFields } from '../contact/contact.schema';

export const contactCreated = defineEvent({
  service: 'identity',
  name: 'contact.created',
  version: 1,
  summary: 'A directory contact was added to a village',
  data: z.object(contactEventFields),
});
