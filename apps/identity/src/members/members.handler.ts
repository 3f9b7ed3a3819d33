import { Injectable } from '@nestjs/common';
import {
  memberAdd,
  memberList,
  memberRemove,
  membershipGet,
  memberUpdate,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { MembersService } from './members.service';

/** NATS: the directory, adding, changing and removing members, and the membership read-through. */
@Injectable()
export class MembersHandler {
  constructor(private readonly members: MembersService) {}

  @CommandHandler(memberList)
  list(
    request: ParsedRequestOf<typeof memberList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof memberList>> {
    return this.members.list(requireActor(context).userId, request);
  }

  @CommandHandler(memberAdd)
  add(
    request: ParsedRequestOf<typeof memberAdd>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof memberAdd>> {
    return this.members.add(requireActor(context), request.villageId, request.userId, request.role);
  }

  @CommandHandler(memberUpdate)
  update(
    request: ParsedRequestOf<typeof memberUpdate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof memberUpdate>> {
    return this.members.changeRole(
      requireActor(context).userId,
      request.villageId,
      request.userId,
      request.role,
    );
  }

  @CommandHandler(memberRemove)
  async remove(
    request: ParsedRequestOf<typeof memberRemove>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof memberRemove>> {
    await this.members.remove(requireActor(context).userId, request.villageId, request.userId);
    return {};
  }

  /** Internal: asked by other services' membership replicas on a miss; needs no actor. */
  @CommandHandler(membershipGet)
  membership(request: ParsedRequestOf<typeof membershipGet>): Promise<ResponseOf<typeof membershipGet>> {
    return this.members.membership(request.villageId, request.userId);
  }
}
