import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  memberAdd,
  memberList,
  memberRemove,
  membershipGet,
  memberUpdate,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { MembersService } from './members.service';

/** NATS: the directory, adding, changing and removing members, and the membership read-through. */
@Controller()
export class MembersHandler {
  constructor(private readonly members: MembersService) {}

  @Command(memberList)
  list(
    @Payload() request: ParsedRequestOf<typeof memberList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof memberList>> {
    return this.members.list(requireActor(context).userId, request);
  }

  @Command(memberAdd)
  add(
    @Payload() request: ParsedRequestOf<typeof memberAdd>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof memberAdd>> {
    return this.members.add(requireActor(context), request.villageId, request.userId, request.role);
  }

  @Command(memberUpdate)
  update(
    @Payload() request: ParsedRequestOf<typeof memberUpdate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof memberUpdate>> {
    return this.members.changeRole(
      requireActor(context).userId,
      request.villageId,
      request.userId,
      request.role,
    );
  }

  @Command(memberRemove)
  async remove(
    @Payload() request: ParsedRequestOf<typeof memberRemove>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof memberRemove>> {
    await this.members.remove(requireActor(context).userId, request.villageId, request.userId);
    return {};
  }

  /** Internal: asked by other services' membership replicas on a miss; needs no actor. */
  @Command(membershipGet)
  membership(
    @Payload() request: ParsedRequestOf<typeof membershipGet>,
  ): Promise<ResponseOf<typeof membershipGet>> {
    return this.members.membership(request.villageId, request.userId);
  }
}
