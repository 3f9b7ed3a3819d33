import { z } from 'zod';
import { dataField, email, isoTimestamp, uuid } from '../../common/schemas';

const text = (max: number) => z.string().trim().max(max);

export const contactName = z.string().trim().min(1).max(200);
/** Free text, e.g. `doctor`, `school`, `plumber`; lists filter on it case-insensitively. */
export const contactKind = z.string().trim().min(1).max(50);
export const CONTACT_NOTES_MAX = 4000;
export const contactNotes = z.string().max(CONTACT_NOTES_MAX);

/** How to reach a directory contact. */
export const contactDetails = z.strictObject({
  phone: text(50).optional(),
  email: email.optional(),
  address: text(500).optional(),
  website: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
});
export type ContactDetails = z.output<typeof contactDetails>;

/**
 * A village directory entry for someone who is not (or not only) a user: a doctor, a school, a
 * plumber. Admin-managed. `userId` links it to a member; the link is cleared when that
 * membership ends, and the contact stays.
 */
export const contact = z.object({
  id: uuid,
  villageId: uuid,
  name: z.string(),
  kind: z.string(),
  info: contactDetails,
  notes: z.string(),
  userId: uuid.nullable(),
  data: z.record(z.string(), z.unknown()),
  createdBy: uuid.nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Contact = z.output<typeof contact>;

/** The fields of a new contact (the body of `POST /v1/villages/{villageId}/contacts`). */
export const contactFields = z.strictObject({
  name: contactName,
  kind: contactKind,
  info: contactDetails.optional(),
  notes: contactNotes.optional(),
  /** A member of the village this contact is. */
  userId: uuid.optional(),
  data: dataField.optional(),
});

/** A partial update (the body of `PATCH .../contacts/{id}`); `userId: null` removes the link. */
export const contactPatch = z
  .strictObject({
    name: contactName.optional(),
    kind: contactKind.optional(),
    info: contactDetails.optional(),
    notes: contactNotes.optional(),
    userId: uuid.nullable().optional(),
    data: dataField.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });
export type ContactPatch = z.output<typeof contactPatch>;

/** The fields of a contact as its events carry them. */
export const contactEventFields = {
  contactId: uuid,
  villageId: uuid,
  name: z.string(),
  kind: z.string(),
  info: contactDetails,
  notes: z.string(),
  userId: uuid.nullable(),
  data: z.record(z.string(), z.unknown()),
};

/** Fields a contact update can change, as `contact.updated` names them. */
export const CONTACT_FIELDS = ['name', 'kind', 'info', 'notes', 'userId', 'data'] as const;
