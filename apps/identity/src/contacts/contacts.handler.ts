import { Injectable } from '@nestjs/common';
import {
  contactCreate,
  contactDelete,
  contactGet,
  contactList,
  contactUpdate,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { ContactsService } from './contacts.service';

/** NATS: a village's directory contacts. */
@Injectable()
export class ContactsHandler {
  constructor(private readonly contacts: ContactsService) {}

  @CommandHandler(contactList)
  list(
    request: ParsedRequestOf<typeof contactList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof contactList>> {
    return this.contacts.list(requireActor(context), request);
  }

  @CommandHandler(contactGet)
  get(
    request: ParsedRequestOf<typeof contactGet>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof contactGet>> {
    return this.contacts.get(requireActor(context), request.villageId, request.contactId);
  }

  @CommandHandler(contactCreate)
  create(
    request: ParsedRequestOf<typeof contactCreate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof contactCreate>> {
    const { villageId, ...contact } = request;
    return this.contacts.create(requireActor(context), villageId, contact);
  }

  @CommandHandler(contactUpdate)
  update(
    request: ParsedRequestOf<typeof contactUpdate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof contactUpdate>> {
    return this.contacts.update(requireActor(context), request.villageId, request.contactId, request.patch);
  }

  @CommandHandler(contactDelete)
  async delete(
    request: ParsedRequestOf<typeof contactDelete>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof contactDelete>> {
    await this.contacts.delete(requireActor(context), request.villageId, request.contactId);
    return {};
  }
}
