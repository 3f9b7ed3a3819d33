import { Injectable } from '@nestjs/common';
import type { ContactPatch } from '@vv/contracts';
import { Database } from '@vv/platform';
import type { TimeIdKey } from '@vv/platform';
import type { ContactRow } from './contact-row';

export interface ContactListQuery {
  villageId: string;
  /** Rows to fetch (a page's limit + 1, to know whether there is a next page). */
  limit: number;
  before?: TimeIdKey;
  kind?: string;
  q?: string;
}

export interface NewContact {
  name: string;
  kind: string;
  info?: Record<string, unknown>;
  notes?: string;
  userId?: string;
  data?: Record<string, unknown>;
}

const json = (value: unknown): string | undefined =>
  value === undefined ? undefined : JSON.stringify(value);

/** The only file of the contacts module that calls SQL. */
@Injectable()
export class ContactsRepository {
  constructor(private readonly db: Database) {}

  list(query: ContactListQuery): Promise<ContactRow[]> {
    return this.db.call<ContactRow>('identity.list_contacts', {
      villageId: query.villageId,
      limit: query.limit,
      beforeCreatedAt: query.before?.[0],
      beforeId: query.before?.[1],
      kind: query.kind,
      q: query.q,
    });
  }

  get(villageId: string, contactId: string): Promise<ContactRow | undefined> {
    return this.db.maybeOne<ContactRow>('identity.get_contact', { villageId, contactId });
  }

  /** The contact with contact.created (and contact.linked); `invalid` when userId is not a member. */
  create(villageId: string, actorId: string, contact: NewContact): Promise<ContactRow> {
    return this.db.one<ContactRow>('identity.create_contact', {
      villageId,
      actorId,
      name: contact.name,
      kind: contact.kind,
      info: json(contact.info),
      notes: contact.notes,
      userId: contact.userId,
      data: json(contact.data),
    });
  }

  /** Applies the patch with contact.updated (and contact.linked); undefined when the contact is not in the village. */
  update(
    villageId: string,
    contactId: string,
    actorId: string,
    patch: ContactPatch,
  ): Promise<ContactRow | undefined> {
    return this.db.maybeOne<ContactRow>('identity.update_contact', {
      villageId,
      contactId,
      actorId,
      name: patch.name,
      kind: patch.kind,
      info: json(patch.info),
      notes: patch.notes,
      userId: patch.userId ?? undefined,
      unlink: patch.userId === null ? true : undefined,
      data: json(patch.data),
    });
  }

  /** Removes the contact with contact.deleted; false when it is not in the village. */
  async delete(villageId: string, contactId: string, actorId: string): Promise<boolean> {
    const row = await this.db.maybeOne<{ contactId: string }>('identity.delete_contact', {
      villageId,
      contactId,
      actorId,
    });
    return row !== undefined;
  }
}
