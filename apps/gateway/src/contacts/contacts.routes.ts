import {
  contactCreate,
  contactDelete,
  contactFields,
  contactGet,
  contactList,
  contactPatch,
  contactUpdate,
  uuid,
} from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

const CONTACTS = 'Directory contacts';

const village = z.strictObject({ villageId: uuid });
const oneContact = z.strictObject({ villageId: uuid, id: uuid });

/** A village's directory contacts (identity); a contact of another village answers 404. */
export const contactsRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/v1/villages/:villageId/contacts',
    command: contactList,
    auth: 'bearer',
    tag: CONTACTS,
    params: village,
    query: contactList.request.omit({ villageId: true }),
    toRequest: ({ params, query }) => ({ ...query, villageId: params.villageId }),
    errors: ['not_found'],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/v1/villages/:villageId/contacts',
    command: contactCreate,
    status: 201,
    auth: 'bearer',
    tag: CONTACTS,
    params: village,
    body: contactFields,
    toRequest: ({ params, body }) => ({ ...body, villageId: params.villageId }),
    errors: ['not_found', 'forbidden'],
  }),
  get: defineRoute({
    method: 'GET',
    path: '/v1/villages/:villageId/contacts/:id',
    command: contactGet,
    auth: 'bearer',
    tag: CONTACTS,
    params: oneContact,
    toRequest: ({ params }) => ({ villageId: params.villageId, contactId: params.id }),
    errors: ['not_found'],
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/v1/villages/:villageId/contacts/:id',
    command: contactUpdate,
    auth: 'bearer',
    tag: CONTACTS,
    params: oneContact,
    body: contactPatch,
    toRequest: ({ params, body }) => ({ villageId: params.villageId, contactId: params.id, patch: body }),
    errors: ['not_found', 'forbidden'],
  }),
  delete: defineRoute({
    method: 'DELETE',
    path: '/v1/villages/:villageId/contacts/:id',
    command: contactDelete,
    status: 204,
    auth: 'bearer',
    tag: CONTACTS,
    params: oneContact,
    toRequest: ({ params }) => ({ villageId: params.villageId, contactId: params.id }),
    errors: ['not_found', 'forbidden'],
  }),
};
