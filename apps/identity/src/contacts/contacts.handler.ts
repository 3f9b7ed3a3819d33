import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  contactCreate,
  contactDelete,
  contactGet,
  contactList,
  contactUpdate,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { ContactsService } from './contacts.service';

/** NATS: a village's directory contacts. */
@Controller()
export class ContactsHandler {
  constructor(private readonly contacts: ContactsService) {}

  @Command(contactList)
  list(
    @Payload() request: ParsedRequestOf<typeof contactList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof contactList>> {
    return this.contacts.list(requireActor(context), request);
  }

  @Command(contactGet)
  get(
    @Payload() request: ParsedRequestOf<typeof contactGet>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof contactGet>> {
    return this.contacts.get(requireActor(context), request.villageId, request.contactId);
  }

  @Command(contactCreate)
  create(
    @Payload() request: ParsedRequestOf<typeof contactCreate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof contactCreate>> {
    const { villageId, ...contact } = request;
    return this.contacts.create(requireActor(context), villageId, contact);
  }

  @Command(contactUpdate)
  update(
    @Payload() request: ParsedRequestOf<typeof contactUpdate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof contactUpdate>> {
    return this.contacts.update(requireActor(context), request.villageId, request.contactId, request.patch);
  }

  @Command(contactDelete)
  async delete(
    @Payload() request: ParsedRequestOf<typeof contactDelete>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof contactDelete>> {
    await this.contacts.delete(requireActor(context), request.villageId, request.contactId);
    return {};
  }
}
