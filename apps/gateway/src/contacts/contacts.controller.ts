import { Controller } from '@nestjs/common';
import type {
  contactCreate,
  contactDelete,
  contactGet,
  contactList,
  contactUpdate,
  ResponseOf,
} from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { contactsRoutes } from './contacts.routes';

@Controller()
export class ContactsController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(contactsRoutes.list)
  list(@Call() call: RouteCall<typeof contactList>): Promise<ResponseOf<typeof contactList>> {
    return this.commands.forward(call);
  }

  @Route(contactsRoutes.create)
  create(@Call() call: RouteCall<typeof contactCreate>): Promise<ResponseOf<typeof contactCreate>> {
    return this.commands.forward(call);
  }

  @Route(contactsRoutes.get)
  get(@Call() call: RouteCall<typeof contactGet>): Promise<ResponseOf<typeof contactGet>> {
    return this.commands.forward(call);
  }

  @Route(contactsRoutes.update)
  update(@Call() call: RouteCall<typeof contactUpdate>): Promise<ResponseOf<typeof contactUpdate>> {
    return this.commands.forward(call);
  }

  @Route(contactsRoutes.delete)
  async delete(@Call() call: RouteCall<typeof contactDelete>): Promise<void> {
    await this.commands.forward(call);
  }
}
