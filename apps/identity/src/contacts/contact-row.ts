import type { Contact, ContactDetails } from '@vv/contracts';

/** A contact as identity's contact functions return it (camelCase, ISO timestamps). */
export interface ContactRow {
  id: string;
  villageId: string;
  name: string;
  kind: string;
  info: ContactDetails;
  notes: string;
  userId: string | null;
  data: Record<string, unknown>;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** `created_at` at full precision: the page cursor's timestamp. */
  sortKey: string;
}

export const toContact = (row: ContactRow): Contact => ({
  id: row.id,
  villageId: row.villageId,
  name: row.name,
  kind: row.kind,
  info: row.info,
  notes: row.notes,
  userId: row.userId,
  data: row.data,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
