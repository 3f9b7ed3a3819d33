import { Injectable } from '@nestjs/common';
import type { Contact, ContactPatch, ParsedRequestOf, contactList } from '@vv/contracts';
import { decodeCursor, pageOf, ServiceError, timeIdKey, type Actor } from '@vv/platform';
import { VillageAccess } from '../village-access/village-access.service';
import { toContact } from './contact-row';
import { CONTACT_PERMISSIONS, type ContactOperation } from './contacts.policy';
import { ContactsRepository, type NewContact } from './contacts.repository';

const notFound = (): ServiceError => new ServiceError('not_found', 'No such contact');

/** A village's directory contacts: members read them, `contacts.manage` writes them. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly repository: ContactsRepository,
    private readonly access: VillageAccess,
  ) {}

  async list(
    actor: Actor,
    query: ParsedRequestOf<typeof contactList>,
  ): Promise<{ items: Contact[]; nextCursor: string | null }> {
    const before = decodeCursor(query.cursor, timeIdKey);
    await this.require(actor, query.villageId, 'read');
    const rows = await this.repository.list({
      villageId: query.villageId,
      limit: query.limit + 1,
      before,
      kind: query.kind,
      q: query.q,
    });
    return pageOf(rows, query.limit, (row) => [row.sortKey, row.id], toContact);
  }

  async get(actor: Actor, villageId: string, contactId: string): Promise<Contact> {
    await this.require(actor, villageId, 'read');
    const row = await this.repository.get(villageId, contactId);
    if (!row) throw notFound();
    return toContact(row);
  }

  async create(actor: Actor, villageId: string, contact: NewContact): Promise<Contact> {
    await this.require(actor, villageId, 'write');
    return toContact(await this.repository.create(villageId, actor.userId, contact));
  }

  async update(actor: Actor, villageId: string, contactId: string, patch: ContactPatch): Promise<Contact> {
    await this.require(actor, villageId, 'write');
    const row = await this.repository.update(villageId, contactId, actor.userId, patch);
    if (!row) throw notFound();
    return toContact(row);
  }

  async delete(actor: Actor, villageId: string, contactId: string): Promise<void> {
    await this.require(actor, villageId, 'write');
    if (!(await this.repository.delete(villageId, contactId, actor.userId))) throw notFound();
  }

  /** The caller may read / write the village's contacts, or this throws `not_found` / `forbidden`. */
  private async require(actor: Actor, villageId: string, operation: ContactOperation): Promise<void> {
    await this.access.require(villageId, actor.userId, CONTACT_PERMISSIONS[operation]);
  }
}
